import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { memberships, teams, users } from '@/db/schema';
import { assignableRoles, type TeamRole } from '@/server/shared/auth/permissions';
import { DomainError } from '../../shared/errors';
import { recordTeamAudit } from './audit';
import { countOwners } from './teams';

export interface MemberDto {
  userId: string;
  name: string;
  /** Teammates see each other's emails: they need them to recognise and mention people. */
  email: string;
  role: TeamRole;
  joinedAt: Date;
}

export async function listMembers(db: Database, teamId: string): Promise<MemberDto[]> {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, joinedAt: memberships.joinedAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.teamId, teamId))
    .orderBy(asc(users.name));
}

/** Locks the team row so concurrent role changes can't together remove the last owner. */
async function lockTeam(tx: Database, teamId: string): Promise<void> {
  await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).for('update');
}

async function memberRole(tx: Database, teamId: string, userId: string): Promise<TeamRole> {
  const [row] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId)));
  if (!row) throw new DomainError('NOT_FOUND', 'That person is not a member of this team.');
  return row.role;
}

export async function changeMemberRole(
  db: Database,
  actor: { userId: string; role: TeamRole },
  teamId: string,
  input: { userId: string; role: TeamRole },
): Promise<void> {
  await db.transaction(async (tx) => {
    await lockTeam(tx, teamId);
    const current = await memberRole(tx, teamId, input.userId);
    if (current === input.role) return;
    const allowed = assignableRoles(actor.role);
    if (!allowed.includes(input.role) || (current === 'owner' && actor.role !== 'owner')) {
      throw new DomainError('FORBIDDEN', `As ${article(actor.role)} ${actor.role} you can't change a ${current} to ${input.role}; ask an owner.`);
    }
    if (current === 'owner' && (await countOwners(tx, teamId, input.userId)) === 0) {
      throw new DomainError('PRECONDITION_FAILED', 'A team needs at least one owner. Make someone else owner first.');
    }
    await tx.update(memberships).set({ role: input.role }).where(and(eq(memberships.teamId, teamId), eq(memberships.userId, input.userId)));
    await recordTeamAudit(tx, {
      teamId,
      actorId: actor.userId,
      action: 'member.role_changed',
      targetUserId: input.userId,
      detail: { from: current, to: input.role },
    });
  });
}

export async function removeMember(db: Database, actor: { userId: string; role: TeamRole }, teamId: string, userId: string): Promise<void> {
  if (userId === actor.userId) throw new DomainError('BAD_INPUT', 'To remove yourself, use "Leave team".');
  await db.transaction(async (tx) => {
    await lockTeam(tx, teamId);
    const current = await memberRole(tx, teamId, userId);
    if (current === 'owner' && actor.role !== 'owner') {
      throw new DomainError('FORBIDDEN', 'Only an owner can remove another owner.');
    }
    await tx.delete(memberships).where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId)));
    await recordTeamAudit(tx, { teamId, actorId: actor.userId, action: 'member.removed', targetUserId: userId, detail: { role: current } });
  });
}

export async function leaveTeam(db: Database, teamId: string, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockTeam(tx, teamId);
    const current = await memberRole(tx, teamId, userId);
    if (current === 'owner' && (await countOwners(tx, teamId, userId)) === 0) {
      throw new DomainError(
        'PRECONDITION_FAILED',
        "You are this team's last owner. Make another member owner first, or delete the team.",
      );
    }
    await tx.delete(memberships).where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId)));
    await recordTeamAudit(tx, { teamId, actorId: userId, action: 'member.left', targetUserId: userId, detail: { role: current } });
  });
}

/** Makes another member owner and the current owner an admin. */
export async function transferOwnership(db: Database, actorId: string, teamId: string, toUserId: string): Promise<void> {
  if (toUserId === actorId) throw new DomainError('BAD_INPUT', 'You already own this team; pick another member.');
  await db.transaction(async (tx) => {
    await lockTeam(tx, teamId);
    const targetRole = await memberRole(tx, teamId, toUserId);
    await tx.update(memberships).set({ role: 'owner' }).where(and(eq(memberships.teamId, teamId), eq(memberships.userId, toUserId)));
    await tx.update(memberships).set({ role: 'admin' }).where(and(eq(memberships.teamId, teamId), eq(memberships.userId, actorId)));
    await recordTeamAudit(tx, {
      teamId,
      actorId,
      action: 'team.ownership_transferred',
      targetUserId: toUserId,
      detail: { previousRole: targetRole },
    });
  });
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
