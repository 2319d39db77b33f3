import 'server-only';
import crypto from 'node:crypto';
import { and, desc, eq, isNull, or, lt, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { apiTokens, memberships, teams } from '@/db/schema';
import { roleAtLeast, type TeamRole } from '@/server/shared/auth/permissions';
import { DomainError } from '@/server/shared/errors';
import { recordTeamAudit } from '../teams/audit';

/**
 * Personal API tokens. The secret is `hld_` and 32 random bytes (base64url); only its SHA-256 is
 * stored, so a database dump holds no usable token. A token acts for its user in one team with at
 * most the role it was created with, and never above the user's current role there: the role is
 * the lower of the two on every request, and a user who leaves the team leaves their tokens
 * powerless with them.
 */
export const TOKEN_PREFIX = 'hld_';
const SHOWN_PREFIX_LENGTH = TOKEN_PREFIX.length + 6;
/** last_used_at is written at most this often per token, so a busy script does not write a row per request. */
const LAST_USED_RESOLUTION_MS = 60_000;
export const MAX_TOKENS_PER_USER = 50;

export interface ApiTokenDto {
  id: string;
  name: string;
  teamId: string;
  teamName: string;
  teamSlug: string;
  role: TeamRole;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret, 'utf8').digest('hex');
}

export async function createApiToken(
  db: Database,
  userId: string,
  input: { teamId: string; name: string; role: TeamRole },
): Promise<{ token: ApiTokenDto; secret: string }> {
  const [membership] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.teamId, input.teamId), eq(memberships.userId, userId)));
  if (!membership) throw new DomainError('NOT_FOUND', 'Team not found, or you are not a member of it.');
  if (!roleAtLeast(membership.role, input.role)) {
    throw new DomainError('FORBIDDEN', `role: A token can't have more rights than you: you are ${article(membership.role)} ${membership.role} of this team, so choose ${membership.role} or lower.`);
  }
  const [{ active } = { active: 0 }] = await db
    .select({ active: sql<number>`count(*)::int` })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
  if (active >= MAX_TOKENS_PER_USER) throw new DomainError('PRECONDITION_FAILED', `You have ${active} active tokens, the most one account may hold: revoke one you no longer use first.`);

  const secret = TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');
  const [row] = await db
    .insert(apiTokens)
    .values({ userId, teamId: input.teamId, name: input.name, role: input.role, secretHash: hashSecret(secret), prefix: secret.slice(0, SHOWN_PREFIX_LENGTH) })
    .returning({ id: apiTokens.id });
  await recordTeamAudit(db, { teamId: input.teamId, actorId: userId, action: 'token.created', detail: { tokenId: row!.id, name: input.name, role: input.role } });
  const [token] = await listApiTokens(db, userId, row!.id);
  return { token: token!, secret };
}

/** The user's tokens, newest first (revoked ones stay listed for a week, then drop out). */
export async function listApiTokens(db: Database, userId: string, onlyId?: string): Promise<ApiTokenDto[]> {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      teamId: apiTokens.teamId,
      teamName: teams.name,
      teamSlug: teams.slug,
      role: apiTokens.role,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(teams, eq(teams.id, apiTokens.teamId))
    .where(
      and(
        eq(apiTokens.userId, userId),
        onlyId ? eq(apiTokens.id, onlyId) : or(isNull(apiTokens.revokedAt), sql`${apiTokens.revokedAt} > now() - interval '7 days'`),
      ),
    )
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

export async function revokeApiToken(db: Database, userId: string, tokenId: string): Promise<void> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ teamId: apiTokens.teamId, name: apiTokens.name });
  if (!row) {
    const [existing] = await db.select({ revokedAt: apiTokens.revokedAt }).from(apiTokens).where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId)));
    if (existing) return; // Already revoked: revoking twice is not an error.
    throw new DomainError('NOT_FOUND', 'No such token on your account.');
  }
  await recordTeamAudit(db, { teamId: row.teamId, actorId: userId, action: 'token.revoked', detail: { tokenId, name: row.name } });
}

/** Who a bearer token acts for, and with which role in which team: re-read on every request. */
export interface TokenIdentity {
  tokenId: string;
  userId: string;
  teamId: string;
  /** The lower of the token's role and the user's current role in the team. */
  role: TeamRole;
}

export async function authenticateToken(db: Database, secret: string, now: Date = new Date()): Promise<TokenIdentity> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) throw new DomainError('UNAUTHORIZED', `Authorization: that is not a Holdout API token (they start with "${TOKEN_PREFIX}"). Create one on your account page.`);
  const [row] = await db
    .select({ id: apiTokens.id, userId: apiTokens.userId, teamId: apiTokens.teamId, role: apiTokens.role, revokedAt: apiTokens.revokedAt, lastUsedAt: apiTokens.lastUsedAt, memberRole: memberships.role })
    .from(apiTokens)
    .leftJoin(memberships, and(eq(memberships.teamId, apiTokens.teamId), eq(memberships.userId, apiTokens.userId)))
    .where(eq(apiTokens.secretHash, hashSecret(secret)));
  if (!row) throw new DomainError('UNAUTHORIZED', 'Authorization: this API token is not known here (mistyped, or from another Holdout instance).');
  if (row.revokedAt) throw new DomainError('UNAUTHORIZED', `Authorization: this API token was revoked on ${row.revokedAt.toISOString().slice(0, 10)}. Create a new one on your account page.`);
  if (!row.memberRole) throw new DomainError('UNAUTHORIZED', 'Authorization: the owner of this token is no longer a member of its team.');
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - LAST_USED_RESOLUTION_MS)))));
  }
  const role = roleAtLeast(row.memberRole, row.role) ? row.role : row.memberRole;
  return { tokenId: row.id, userId: row.userId, teamId: row.teamId, role };
}

function article(role: TeamRole): string {
  return role === 'owner' || role === 'admin' ? 'an' : 'a';
}
