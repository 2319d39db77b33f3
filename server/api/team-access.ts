import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { memberships, teams } from '@/db/schema';
import { can, deniedMessage, roleAtLeast, type Permission, type TeamRole } from '@/server/shared/auth/permissions';
import { DomainError } from '@/server/shared/errors';

/** What an API token may reach: one team, with at most this role. */
export interface TokenScope {
  teamId: string;
  role: TeamRole;
}

export interface TeamAccess {
  team: { id: string; slug: string; name: string };
  role: TeamRole;
}

/**
 * The one membership check, shared by team procedures and the upload endpoint. A non-member
 * gets NOT_FOUND whether or not the team exists; a member whose role is too low gets
 * FORBIDDEN naming the role needed.
 */
export async function resolveTeamAccess(db: Database, userId: string, teamId: string, permission: Permission, tokenScope?: TokenScope | null): Promise<TeamAccess> {
  // A token reaches its own team only; to every other team it is as good as no membership.
  if (tokenScope && tokenScope.teamId !== teamId) throw new DomainError('NOT_FOUND', 'Team not found, or you are not a member of it.');
  const [row] = await db
    .select({ id: teams.id, slug: teams.slug, name: teams.name, role: memberships.role })
    .from(memberships)
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId)));
  if (!row) throw new DomainError('NOT_FOUND', 'Team not found, or you are not a member of it.');
  // Through a token: the lower of the token's role and the member's current one.
  const role = tokenScope && !roleAtLeast(tokenScope.role, row.role) ? tokenScope.role : row.role;
  if (!can(role, permission)) throw new DomainError('FORBIDDEN', `${deniedMessage(role, permission)}${tokenScope && role !== row.role ? ' (this API token was created with a lower role than yours)' : ''}`);
  return { team: { id: row.id, slug: row.slug, name: row.name }, role };
}
