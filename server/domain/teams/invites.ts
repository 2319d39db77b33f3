import 'server-only';
import crypto from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '@/db/client';
import { invites, memberships, teams, users } from '@/db/schema';
import { assignableRoles, type TeamRole } from '@/server/shared/auth/permissions';
import { DomainError } from '../../shared/errors';
import { recordActivity } from '@/server/shared/activity/record';
import { recordTeamAudit } from './audit';

export type InviteStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export interface InviteDto {
  id: string;
  role: TeamRole;
  createdByName: string;
  createdAt: Date;
  expiresAt: Date;
  status: InviteStatus;
  acceptedByName: string | null;
}

export function hashInviteToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export async function createInvite(
  db: Database,
  actor: { userId: string; role: TeamRole },
  teamId: string,
  input: { role: TeamRole; expiresInDays: number },
  now: Date = new Date(),
): Promise<{ invite: InviteDto; token: string }> {
  if (input.role === 'owner') {
    throw new DomainError('BAD_INPUT', 'Invites grant admin, member or viewer, not owner; make someone owner after they join.');
  }
  if (!assignableRoles(actor.role).includes(input.role)) {
    throw new DomainError('FORBIDDEN', `A ${actor.role} can't invite people as ${input.role}.`);
  }
  const token = crypto.randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + input.expiresInDays * 24 * 3600 * 1000);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(invites)
      .values({ teamId, tokenHash: hashInviteToken(token), role: input.role, createdBy: actor.userId, expiresAt })
      .returning({ id: invites.id, createdAt: invites.createdAt });
    await recordTeamAudit(tx, { teamId, actorId: actor.userId, action: 'invite.created', detail: { inviteId: row!.id, role: input.role, expiresAt: expiresAt.toISOString() } });
    const [creator] = await tx.select({ name: users.name }).from(users).where(eq(users.id, actor.userId));
    return {
      token,
      invite: { id: row!.id, role: input.role, createdByName: creator?.name ?? '', createdAt: row!.createdAt, expiresAt, status: 'pending', acceptedByName: null },
    };
  });
}

export async function listInvites(db: Database, teamId: string, now: Date = new Date()): Promise<InviteDto[]> {
  const acceptedBy = alias(users, 'accepted_by_user');
  const rows = await db
    .select({
      id: invites.id,
      role: invites.role,
      createdByName: users.name,
      createdAt: invites.createdAt,
      expiresAt: invites.expiresAt,
      revokedAt: invites.revokedAt,
      acceptedAt: invites.acceptedAt,
      acceptedByName: acceptedBy.name,
    })
    .from(invites)
    .innerJoin(users, eq(users.id, invites.createdBy))
    .leftJoin(acceptedBy, eq(acceptedBy.id, invites.acceptedBy))
    .where(eq(invites.teamId, teamId))
    .orderBy(desc(invites.createdAt))
    .limit(100);
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    createdByName: r.createdByName,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    status: inviteStatus(r, now),
    acceptedByName: r.acceptedByName,
  }));
}

function inviteStatus(r: { revokedAt: Date | null; acceptedAt: Date | null; expiresAt: Date }, now: Date): InviteStatus {
  if (r.acceptedAt) return 'accepted';
  if (r.revokedAt) return 'revoked';
  if (r.expiresAt <= now) return 'expired';
  return 'pending';
}

export async function revokeInvite(db: Database, actorId: string, teamId: string, inviteId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(invites)
      .set({ revokedAt: new Date() })
      .where(and(eq(invites.id, inviteId), eq(invites.teamId, teamId), isNull(invites.revokedAt), isNull(invites.acceptedAt)))
      .returning({ id: invites.id });
    if (!row) throw new DomainError('NOT_FOUND', 'No pending invite with that id in this team (it may be used or revoked already).');
    await recordTeamAudit(tx, { teamId, actorId, action: 'invite.revoked', detail: { inviteId } });
  });
}

export interface InvitePreviewDto {
  teamName: string;
  teamSlug: string;
  role: TeamRole;
  invitedByName: string;
  expiresAt: Date;
}

async function findUsableInvite(db: Database, token: string, now: Date) {
  const [row] = await db
    .select({
      id: invites.id,
      teamId: invites.teamId,
      role: invites.role,
      expiresAt: invites.expiresAt,
      revokedAt: invites.revokedAt,
      acceptedAt: invites.acceptedAt,
      teamName: teams.name,
      teamSlug: teams.slug,
      invitedByName: users.name,
    })
    .from(invites)
    .innerJoin(teams, eq(teams.id, invites.teamId))
    .innerJoin(users, eq(users.id, invites.createdBy))
    .where(eq(invites.tokenHash, hashInviteToken(token)));
  if (!row) throw new DomainError('NOT_FOUND', 'This invite link is not valid. Check that you copied the whole link.');
  if (row.acceptedAt) throw new DomainError('CONFLICT', 'This invite link has already been used. Ask for a new one.');
  if (row.revokedAt) throw new DomainError('PRECONDITION_FAILED', 'This invite link was revoked by a team admin. Ask for a new one.');
  if (row.expiresAt <= now) {
    throw new DomainError('PRECONDITION_FAILED', `This invite link expired on ${row.expiresAt.toISOString().slice(0, 10)}. Ask for a new one.`);
  }
  return row;
}

export async function previewInvite(db: Database, token: string, now: Date = new Date()): Promise<InvitePreviewDto> {
  const row = await findUsableInvite(db, token, now);
  return { teamName: row.teamName, teamSlug: row.teamSlug, role: row.role, invitedByName: row.invitedByName, expiresAt: row.expiresAt };
}

export async function acceptInvite(db: Database, userId: string, token: string, now: Date = new Date()): Promise<{ teamSlug: string; role: TeamRole }> {
  const row = await findUsableInvite(db, token, now);
  return db.transaction(async (tx) => {
    const [member] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.teamId, row.teamId), eq(memberships.userId, userId)));
    if (member) throw new DomainError('CONFLICT', `You are already a member of ${row.teamName} (as ${member.role}).`);
    // Conditional update: of two people racing on one link, exactly one gets it.
    const [claimed] = await tx
      .update(invites)
      .set({ acceptedAt: now, acceptedBy: userId })
      .where(and(eq(invites.id, row.id), isNull(invites.acceptedAt), isNull(invites.revokedAt)))
      .returning({ id: invites.id });
    if (!claimed) throw new DomainError('CONFLICT', 'This invite link has already been used. Ask for a new one.');
    await tx.insert(memberships).values({ teamId: row.teamId, userId, role: row.role });
    await recordTeamAudit(tx, { teamId: row.teamId, actorId: userId, action: 'invite.accepted', targetUserId: userId, detail: { inviteId: row.id, role: row.role } });
    await recordActivity(tx, { teamId: row.teamId, actorId: userId, kind: 'member.joined', payload: { role: row.role } });
    return { teamSlug: row.teamSlug, role: row.role };
  });
}
