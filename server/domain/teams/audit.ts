import 'server-only';
import { and, desc, eq, lt } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '@/db/client';
import { teamAuditLog, users } from '@/db/schema';

/** Every change to who can access a team, and with what: the audit page lists them all. */
export const TEAM_AUDIT_ACTIONS = [
  'team.created',
  'team.renamed',
  'team.ownership_transferred',
  'invite.created',
  'invite.revoked',
  'invite.accepted',
  'member.role_changed',
  'member.removed',
  'member.left',
  'budget.changed',
  'token.created',
  'token.revoked',
] as const;
export type TeamAuditAction = (typeof TEAM_AUDIT_ACTIONS)[number];

export async function recordTeamAudit(
  db: Database,
  entry: { teamId: string; actorId: string | null; action: TeamAuditAction; targetUserId?: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  await db.insert(teamAuditLog).values({
    teamId: entry.teamId,
    actorId: entry.actorId,
    action: entry.action,
    targetUserId: entry.targetUserId ?? null,
    detail: entry.detail ?? {},
  });
}

export interface TeamAuditEntryDto {
  id: string;
  action: TeamAuditAction;
  actorName: string | null;
  targetName: string | null;
  detail: Record<string, unknown>;
  createdAt: Date;
}

export async function listTeamAudit(
  db: Database,
  teamId: string,
  page: { limit: number; before?: Date },
): Promise<{ items: TeamAuditEntryDto[]; nextBefore: Date | null }> {
  const actor = alias(users, 'actor');
  const target = alias(users, 'target');
  const rows = await db
    .select({
      id: teamAuditLog.id,
      action: teamAuditLog.action,
      actorName: actor.name,
      targetName: target.name,
      detail: teamAuditLog.detail,
      createdAt: teamAuditLog.createdAt,
    })
    .from(teamAuditLog)
    .leftJoin(actor, eq(actor.id, teamAuditLog.actorId))
    .leftJoin(target, eq(target.id, teamAuditLog.targetUserId))
    .where(and(eq(teamAuditLog.teamId, teamId), page.before ? lt(teamAuditLog.createdAt, page.before) : undefined))
    .orderBy(desc(teamAuditLog.createdAt), desc(teamAuditLog.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit).map((r) => ({ ...r, action: r.action as TeamAuditAction }));
  return { items, nextBefore: rows.length > page.limit ? (items.at(-1)?.createdAt ?? null) : null };
}
