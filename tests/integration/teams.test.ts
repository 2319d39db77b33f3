import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { invites, memberships, teamAuditLog, teams } from '@/db/schema';
import { acceptInvite, hashInviteToken } from '@/server/domain/teams/invites';
import { landingPath } from '@/server/domain/teams/teams';
import { isFreshInstance } from '@/server/domain/accounts/accounts';
import { expectTrpcError } from '../support/expect-error';
import { callerFor, makeUser, openTestDatabase, uniqueSuffix } from '../support/test-database';

describe('teams, members, invites and the audit log', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => {
    await handle.close();
  });

  async function teamWithOwner() {
    const owner = await makeUser(handle, 'Owner');
    const team = await callerFor(handle, owner.id).team.create({ name: 'Lab', slug: `lab-${uniqueSuffix()}` });
    return { owner, team, asOwner: callerFor(handle, owner.id) };
  }

  async function join(teamId: string, inviter: string, role: 'admin' | 'member' | 'viewer', name = 'Joiner') {
    const user = await makeUser(handle, name);
    const { token } = await callerFor(handle, inviter).invite.create({ teamId, role, expiresInDays: 7 });
    await callerFor(handle, user.id).invite.accept({ token });
    return user;
  }

  it('creates a team with its creator as owner and lists it', async () => {
    const { owner, team } = await teamWithOwner();
    expect(team).toMatchObject({ role: 'owner', memberCount: 1 });
    const mine = await callerFor(handle, owner.id).team.list();
    expect(mine.map((t) => t.slug)).toEqual([team.slug]);
    expect(await callerFor(handle, owner.id).team.bySlug({ slug: team.slug })).toMatchObject({ id: team.id, role: 'owner' });
  });

  it('lands a signed-in person in their team when they have exactly one, else on the list', async () => {
    const loner = await makeUser(handle, 'Loner');
    expect(await landingPath(handle.db, loner.id)).toBe('/teams');
    const { owner, team } = await teamWithOwner();
    expect(await landingPath(handle.db, owner.id)).toBe(`/t/${team.slug}`);
    await callerFor(handle, owner.id).team.create({ name: 'Second', slug: `second-${uniqueSuffix()}` });
    expect(await landingPath(handle.db, owner.id)).toBe('/teams');
    // Accounts exist by now: the sign-up page no longer promises administrator rights.
    expect(await isFreshInstance(handle.db)).toBe(false);
  });

  it('refuses taken, invalid and reserved slugs, creating nothing', async () => {
    const { owner, team } = await teamWithOwner();
    const me = callerFor(handle, owner.id);
    await expectTrpcError(me.team.create({ name: 'Again', slug: team.slug }), 'CONFLICT', new RegExp(`"${team.slug}" is taken`));
    await expectTrpcError(me.team.create({ name: 'Bad', slug: 'Has Spaces' }), 'BAD_REQUEST', /^slug: Use lowercase letters/);
    await expectTrpcError(me.team.create({ name: 'Bad', slug: '-dash' }), 'BAD_REQUEST', /^slug: Use lowercase letters/);
    await expectTrpcError(me.team.create({ name: 'Bad', slug: 'ab' }), 'BAD_REQUEST', /^slug: Team URLs are at least 3/);
    await expectTrpcError(me.team.create({ name: 'Bad', slug: 'settings' }), 'BAD_REQUEST', /^slug: This team URL is reserved/);
    expect((await me.team.list()).length).toBe(1);
  });

  it('hides teams from non-members as NOT_FOUND', async () => {
    const { team } = await teamWithOwner();
    const stranger = await makeUser(handle, 'Stranger');
    await expectTrpcError(callerFor(handle, stranger.id).team.bySlug({ slug: team.slug }), 'NOT_FOUND', /No team/);
    await expectTrpcError(callerFor(handle, stranger.id).member.list({ teamId: team.id }), 'NOT_FOUND', /not a member/);
  });

  it('invites by link: one use, with the role, recorded in the audit log', async () => {
    const { owner, team, asOwner } = await teamWithOwner();
    const { token, invite } = await asOwner.invite.create({ teamId: team.id, role: 'member', expiresInDays: 7 });
    expect(invite.status).toBe('pending');
    const [stored] = await handle.db.select({ tokenHash: invites.tokenHash }).from(invites).where(eq(invites.id, invite.id));
    expect(stored?.tokenHash).toBe(hashInviteToken(token));
    expect(JSON.stringify(await asOwner.invite.list({ teamId: team.id }))).not.toContain(token);

    const guest = await makeUser(handle, 'Guest');
    expect(await callerFor(handle, null).invite.preview({ token })).toMatchObject({ teamName: 'Lab', role: 'member', invitedByName: 'Owner' });
    expect(await callerFor(handle, guest.id).invite.accept({ token })).toEqual({ teamSlug: team.slug, role: 'member' });

    const other = await makeUser(handle, 'Late');
    await expectTrpcError(callerFor(handle, other.id).invite.accept({ token }), 'CONFLICT', /already been used/);
    await expectTrpcError(callerFor(handle, null).invite.preview({ token }), 'CONFLICT', /already been used/);
    const members = await asOwner.member.list({ teamId: team.id });
    expect(members.map((m) => [m.name, m.role]).sort()).toEqual([['Guest', 'member'], ['Owner', 'owner']]);
    const log = await asOwner.audit.list({ teamId: team.id, limit: 10 });
    expect(log.items.map((e) => e.action)).toEqual(['invite.accepted', 'invite.created', 'team.created']);
    expect(log.items[0]).toMatchObject({ actorName: 'Guest', targetName: 'Guest', detail: { role: 'member' } });
    // The invite names who created it: the owner.
    expect(log.items[1]).toMatchObject({ actorName: 'Owner', detail: { role: 'member' } });
    expect((await asOwner.invite.list({ teamId: team.id })).find((i) => i.id === invite.id)).toMatchObject({ status: 'accepted', createdByName: 'Owner', acceptedByName: 'Guest' });
    expect(owner.name).toBe('Owner');
  });

  it('refuses revoked, expired, malformed and already-member invites', async () => {
    const { owner, team, asOwner } = await teamWithOwner();
    const guest = await makeUser(handle, 'Guest');
    const revoked = await asOwner.invite.create({ teamId: team.id, role: 'viewer', expiresInDays: 1 });
    await asOwner.invite.revoke({ teamId: team.id, inviteId: revoked.invite.id });
    await expectTrpcError(callerFor(handle, guest.id).invite.accept({ token: revoked.token }), 'PRECONDITION_FAILED', /revoked/);
    await expectTrpcError(asOwner.invite.revoke({ teamId: team.id, inviteId: revoked.invite.id }), 'NOT_FOUND', /No pending invite/);

    const expiring = await asOwner.invite.create({ teamId: team.id, role: 'viewer', expiresInDays: 1 });
    const later = new Date(Date.now() + 2 * 24 * 3600 * 1000);
    await expect(acceptInvite(handle.db, guest.id, expiring.token, later)).rejects.toThrow(/expired on \d{4}-\d{2}-\d{2}/);

    await expectTrpcError(callerFor(handle, guest.id).invite.accept({ token: 'x'.repeat(32) }), 'NOT_FOUND', /not valid/);
    await expectTrpcError(callerFor(handle, guest.id).invite.accept({ token: 'short' }), 'BAD_REQUEST', /^token: This invite link is not valid/);
    await expectTrpcError(asOwner.invite.create({ teamId: team.id, role: 'owner', expiresInDays: 7 }), 'BAD_REQUEST', /not owner/);
    await expectTrpcError(asOwner.invite.create({ teamId: team.id, role: 'member', expiresInDays: 90 }), 'BAD_REQUEST', /^expiresInDays: Invites last at most 30 days/);

    const fresh = await asOwner.invite.create({ teamId: team.id, role: 'viewer', expiresInDays: 1 });
    await expectTrpcError(callerFor(handle, owner.id).invite.accept({ token: fresh.token }), 'CONFLICT', /already a member of Lab \(as owner\)/);
    const [row] = await handle.db.select({ acceptedAt: invites.acceptedAt }).from(invites).where(eq(invites.id, fresh.invite.id));
    expect(row?.acceptedAt).toBeNull();
  });

  it('lets exactly one of two people racing on one invite join', async () => {
    const { team, asOwner } = await teamWithOwner();
    const { token } = await asOwner.invite.create({ teamId: team.id, role: 'member', expiresInDays: 7 });
    const a = await makeUser(handle, 'RacerA');
    const b = await makeUser(handle, 'RacerB');
    const results = await Promise.allSettled([callerFor(handle, a.id).invite.accept({ token }), callerFor(handle, b.id).invite.accept({ token })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await asOwner.member.list({ teamId: team.id })).toHaveLength(2);
  });

  it('admins manage non-owners; owners are protected; the last owner stays', async () => {
    const { owner, team, asOwner } = await teamWithOwner();
    const admin = await join(team.id, owner.id, 'admin', 'Admin');
    const member = await join(team.id, owner.id, 'member', 'Member');
    const asAdmin = callerFor(handle, admin.id);

    await asAdmin.member.changeRole({ teamId: team.id, userId: member.id, role: 'viewer' });
    await expectTrpcError(asAdmin.member.changeRole({ teamId: team.id, userId: member.id, role: 'owner' }), 'FORBIDDEN', /ask an owner/);
    await expectTrpcError(asAdmin.member.changeRole({ teamId: team.id, userId: owner.id, role: 'member' }), 'FORBIDDEN', /ask an owner/);
    await expectTrpcError(asAdmin.member.remove({ teamId: team.id, userId: owner.id }), 'FORBIDDEN', /Only an owner/);
    await expectTrpcError(asOwner.member.changeRole({ teamId: team.id, userId: owner.id, role: 'admin' }), 'PRECONDITION_FAILED', /at least one owner/);
    await expectTrpcError(asOwner.team.leave({ teamId: team.id }), 'PRECONDITION_FAILED', /last owner/);
    await expectTrpcError(asOwner.member.changeRole({ teamId: team.id, userId: member.id, role: 'boss' as never }), 'BAD_REQUEST', /^role: Role must be one of/);

    await asAdmin.member.remove({ teamId: team.id, userId: member.id });
    await expectTrpcError(callerFor(handle, member.id).member.list({ teamId: team.id }), 'NOT_FOUND', /not a member/);

    await asOwner.team.transferOwnership({ teamId: team.id, toUserId: admin.id });
    const roles = Object.fromEntries((await asAdmin.member.list({ teamId: team.id })).map((m) => [m.name, m.role]));
    expect(roles).toEqual({ Admin: 'owner', Owner: 'admin' });
    await callerFor(handle, owner.id).team.leave({ teamId: team.id });

    const actions = (await asAdmin.audit.list({ teamId: team.id, limit: 50 })).items.map((e) => e.action);
    expect(actions.slice(0, 4)).toEqual(['member.left', 'team.ownership_transferred', 'member.removed', 'member.role_changed']);
  });

  it('a viewer reads but cannot write, with a message naming the role needed', async () => {
    const { owner, team } = await teamWithOwner();
    const viewer = await join(team.id, owner.id, 'viewer', 'Viewer');
    const asViewer = callerFor(handle, viewer.id);
    expect(await asViewer.member.list({ teamId: team.id })).toHaveLength(2);
    await expectTrpcError(asViewer.invite.create({ teamId: team.id, role: 'member', expiresInDays: 7 }), 'FORBIDDEN', /Viewers can't manage invites: this needs the admin role/);
    await expectTrpcError(asViewer.team.rename({ teamId: team.id, name: 'Mine now' }), 'FORBIDDEN', /Viewers can't rename the team/);
    const [row] = await handle.db.select({ name: teams.name }).from(teams).where(eq(teams.id, team.id));
    expect(row?.name).toBe('Lab');
  });

  it('keeps the audit log append-only at the database', async () => {
    const { team } = await teamWithOwner();
    await expect(handle.db.update(teamAuditLog).set({ action: 'forged' }).where(eq(teamAuditLog.teamId, team.id))).rejects.toThrow();
    await expect(handle.db.delete(teamAuditLog).where(eq(teamAuditLog.teamId, team.id))).rejects.toThrow();
    const [{ n } = { n: 0 }] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(teamAuditLog).where(eq(teamAuditLog.teamId, team.id));
    expect(n).toBe(1);
  });

  it('deletes a team only with its slug typed, taking memberships and history with it', async () => {
    const { team, asOwner } = await teamWithOwner();
    await expectTrpcError(asOwner.team.delete({ teamId: team.id, confirmSlug: 'wrong' }), 'BAD_REQUEST', new RegExp(`Type the team URL "${team.slug}"`));
    await asOwner.team.delete({ teamId: team.id, confirmSlug: team.slug });
    expect(await handle.db.select().from(memberships).where(eq(memberships.teamId, team.id))).toEqual([]);
    expect(await handle.db.select().from(teamAuditLog).where(eq(teamAuditLog.teamId, team.id))).toEqual([]);
  });
});
