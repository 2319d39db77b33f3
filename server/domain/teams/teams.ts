import 'server-only';
import { and, asc, count, eq, ne } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { memberships, teams } from '@/db/schema';
import type { TeamRole } from '@/server/shared/auth/permissions';
import { DomainError } from '../../shared/errors';
import { recordTeamAudit } from './audit';

export interface TeamSummaryDto {
  id: string;
  name: string;
  slug: string;
  role: TeamRole;
  memberCount: number;
}

export async function createTeam(db: Database, userId: string, input: { name: string; slug: string }): Promise<TeamSummaryDto> {
  return db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.slug, input.slug));
    if (taken) throw new DomainError('CONFLICT', `The team URL "${input.slug}" is taken. Pick another.`);
    const [team] = await tx.insert(teams).values(input).onConflictDoNothing().returning();
    if (!team) throw new DomainError('CONFLICT', `The team URL "${input.slug}" is taken. Pick another.`);
    await tx.insert(memberships).values({ teamId: team.id, userId, role: 'owner' });
    await recordTeamAudit(tx, { teamId: team.id, actorId: userId, action: 'team.created', detail: { name: team.name, slug: team.slug } });
    return { id: team.id, name: team.name, slug: team.slug, role: 'owner', memberCount: 1 };
  });
}

export async function listMyTeams(db: Database, userId: string): Promise<TeamSummaryDto[]> {
  const counts = db
    .select({ teamId: memberships.teamId, memberCount: count().as('member_count') })
    .from(memberships)
    .groupBy(memberships.teamId)
    .as('counts');
  return db
    .select({ id: teams.id, name: teams.name, slug: teams.slug, role: memberships.role, memberCount: counts.memberCount })
    .from(memberships)
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .innerJoin(counts, eq(counts.teamId, teams.id))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(teams.name));
}

/** Non-members get NOT_FOUND, the same answer as for a team that doesn't exist. */
export async function getTeamBySlug(db: Database, userId: string, slug: string): Promise<TeamSummaryDto> {
  const [row] = await db
    .select({ id: teams.id, name: teams.name, slug: teams.slug, role: memberships.role })
    .from(teams)
    .innerJoin(memberships, and(eq(memberships.teamId, teams.id), eq(memberships.userId, userId)))
    .where(eq(teams.slug, slug));
  if (!row) throw new DomainError('NOT_FOUND', `No team "${slug}" that you are a member of.`);
  const [{ value } = { value: 0 }] = await db.select({ value: count() }).from(memberships).where(eq(memberships.teamId, row.id));
  return { ...row, memberCount: value };
}

export async function renameTeam(db: Database, actorId: string, teamId: string, name: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ name: teams.name }).from(teams).where(eq(teams.id, teamId));
    await tx.update(teams).set({ name }).where(eq(teams.id, teamId));
    await recordTeamAudit(tx, { teamId, actorId, action: 'team.renamed', detail: { from: before?.name, to: name } });
  });
}

export async function deleteTeam(db: Database, teamId: string, confirmSlug: string): Promise<void> {
  const [team] = await db.select({ slug: teams.slug }).from(teams).where(eq(teams.id, teamId));
  if (!team) throw new DomainError('NOT_FOUND', 'Team not found.');
  if (team.slug !== confirmSlug) {
    throw new DomainError('BAD_INPUT', `Type the team URL "${team.slug}" to confirm deleting the team.`);
  }
  await db.delete(teams).where(eq(teams.id, teamId));
}

export async function countOwners(db: Database, teamId: string, exceptUserId?: string): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.role, 'owner'), exceptUserId ? ne(memberships.userId, exceptUserId) : undefined));
  return row?.value ?? 0;
}

/** Where a signed-in person lands: their team when they have exactly one, else the list to choose from (or create one). */
export async function landingPath(db: Database, userId: string): Promise<string> {
  const mine = await db.select({ slug: teams.slug }).from(memberships).innerJoin(teams, eq(teams.id, memberships.teamId)).where(eq(memberships.userId, userId)).limit(2);
  return mine.length === 1 ? `/t/${mine[0]!.slug}` : '/teams';
}
