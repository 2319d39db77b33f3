import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import type { DatabaseHandle } from '@/db/client';
import { users } from '@/db/schema';
import { isSessionActive, openSession, revokeSession } from '@/server/domain/accounts/sessions';
import { registerCsv } from '../support/datasets';
import { expectTrpcError } from '../support/expect-error';
import { callerFor, makeUser, openTestDatabase, uniqueSuffix } from '../support/test-database';

/**
 * The seal and the sessions, tried as a team member who wants to see test labels or keep access
 * they lost (issue 11). Each attack goes through the real procedures as the least privileged
 * role that could try it; sealed-test-labels.test.ts crawls every query and stream besides.
 */
type Caller = ReturnType<typeof callerFor>;

async function teamWithMember(handle: DatabaseHandle) {
  const owner = await makeUser(handle, 'Owner');
  const member = await makeUser(handle, 'Member');
  const ownerCaller = callerFor(handle, owner.id);
  const team = await ownerCaller.team.create({ name: 'Hostile', slug: `hostile-${uniqueSuffix()}` });
  const { token } = await ownerCaller.invite.create({ teamId: team.id, role: 'member', expiresInDays: 1 });
  await callerFor(handle, member.id).invite.accept({ token });
  return { teamId: team.id, owner, member, ownerCaller, memberCaller: callerFor(handle, member.id) };
}

/** The next message of a stream, or what ended it: a message, 'ended', or the error's code. */
async function nextOf(iterator: AsyncIterator<unknown>, withinMs: number): Promise<'message' | 'ended' | 'quiet' | string> {
  const timeout = new Promise<'quiet'>((resolve) => setTimeout(() => resolve('quiet'), withinMs));
  try {
    const step = await Promise.race([iterator.next(), timeout]);
    return step === 'quiet' ? 'quiet' : step.done ? 'ended' : 'message';
  } catch (error) {
    return error instanceof TRPCError ? error.code : `threw ${String(error)}`;
  }
}

function subscribe(caller: Caller, path: 'activity.live' | 'run.teamChanges', input: Record<string, unknown>, signal: AbortSignal) {
  const [router, procedure] = path.split('.') as [string, string];
  const fn = (caller as unknown as Record<string, Record<string, (i: unknown, o: unknown) => Promise<AsyncIterable<unknown>>>>)[router]![procedure]!;
  return fn(input, { signal }).then((iterable) => iterable[Symbol.asyncIterator]());
}

describe('a hostile team member', () => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await openTestDatabase();
  });

  afterAll(async () => {
    await handle.close();
  });

  it('sees no target statistic computed over sealed rows: none before the first split, unsealed rows after', async () => {
    const t = await teamWithMember(handle);
    const rows = ['x,part,price'];
    for (let i = 0; i < 40; i++) rows.push(`${i},train,${100 + i}`);
    for (let i = 0; i < 10; i++) rows.push(`${i + 0.5},dev,${200 + i}`);
    for (let i = 0; i < 10; i++) rows.push(`${i + 0.25},test,${987_654 + i}`);
    const { versionId } = await registerCsv(handle, t.teamId, t.owner.id, rows.join('\n') + '\n', { name: `prices ${uniqueSuffix()}`, target: 'price', taskKind: 'regression' });
    const before = (await t.memberCaller.dataset.version({ teamId: t.teamId, versionId })).schema.columns.find((c) => c.name === 'price')!;
    expect(before.stats.kind).toBe('hidden');
    expect(JSON.stringify(before)).not.toMatch(/98765\d/);
    await t.memberCaller.split.freeze({ teamId: t.teamId, datasetVersionId: versionId, name: `fold ${uniqueSuffix()}`, definition: { strategy: 'explicit', column: 'part', mapping: { train: 'train', dev: 'dev', test: 'test' } }, humanLevelError: null });
    const version = await t.memberCaller.dataset.version({ teamId: t.teamId, versionId });
    const after = version.schema.columns.find((c) => c.name === 'price')!;
    expect(after.stats).toMatchObject({ kind: 'numeric', min: 100, max: 209 });
    expect(after.statsNote).toBe('Over the 50 rows outside the sealed test set.');
    expect(JSON.stringify(version)).not.toMatch(/98765\d/);

    // An integer class that only test rows hold: neither named nor counted.
    const classes = ['x,part,digit'];
    for (let i = 0; i < 30; i++) classes.push(`${i},${i < 20 ? 'train' : 'dev'},${i % 3}`);
    for (let i = 0; i < 6; i++) classes.push(`${i},test,7`);
    const digits = await registerCsv(handle, t.teamId, t.owner.id, classes.join('\n') + '\n', { name: `digits ${uniqueSuffix()}`, target: 'digit' });
    const hidden = (await t.memberCaller.dataset.version({ teamId: t.teamId, versionId: digits.versionId })).schema.columns.find((c) => c.name === 'digit')!;
    expect(hidden.stats.kind).toBe('hidden');
    await t.memberCaller.split.freeze({ teamId: t.teamId, datasetVersionId: digits.versionId, name: `digits ${uniqueSuffix()}`, definition: { strategy: 'explicit', column: 'part', mapping: { train: 'train', dev: 'dev', test: 'test' } }, humanLevelError: null });
    const shown = (await t.memberCaller.dataset.version({ teamId: t.teamId, versionId: digits.versionId })).schema.columns.find((c) => c.name === 'digit')!;
    expect(shown.distinctCount).toBe(3);
    expect(shown.stats).toMatchObject({ kind: 'numeric', max: 2 });
    expect(JSON.stringify(shown)).not.toContain('"7"');
  });

  it('gets no target value from an error message', async () => {
    const t = await teamWithMember(handle);
    const rows = ['x,label'];
    for (let i = 0; i < 30; i++) rows.push(`${i},${i % 2 ? 'common-a' : 'common-b'}`);
    rows.push('99,rare-secret-class');
    const { versionId } = await registerCsv(handle, t.teamId, t.owner.id, rows.join('\n') + '\n', { name: `labels ${uniqueSuffix()}`, target: 'label' });
    const attempts = [
      { strategy: 'explicit', column: 'label', mapping: {} },
      { strategy: 'grouped', column: 'label', fractions: { train: 0.6, dev: 0.2, test: 0.2 }, seed: 1 },
      { strategy: 'time-ordered', column: 'label', fractions: { train: 0.6, dev: 0.2, test: 0.2 } },
      { strategy: 'stratified', column: 'label', fractions: { train: 0.6, dev: 0.2, test: 0.2 }, seed: 1 },
    ];
    for (const definition of attempts) {
      let message = '';
      try {
        await t.memberCaller.split.freeze({ teamId: t.teamId, datasetVersionId: versionId, name: `try ${uniqueSuffix()}`, definition, humanLevelError: null });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, definition.strategy).not.toBe('');
      for (const value of ['common-a', 'common-b', 'rare-secret-class', '(15 rows)', '(1 row)']) expect(message, definition.strategy).not.toContain(value);
    }
  });

  it('stops receiving the team’s streams within seconds of being removed', async () => {
    const t = await teamWithMember(handle);
    const controller = new AbortController();
    const live = await subscribe(t.memberCaller, 'activity.live', { teamId: t.teamId, lastEventId: null }, controller.signal);
    const changes = await subscribe(t.memberCaller, 'run.teamChanges', { teamId: t.teamId }, controller.signal);
    try {
      // Still a member: the feed delivers what the team does.
      const waiting = nextOf(live, 10_000);
      await t.ownerCaller.dataset.addExample({ teamId: t.teamId, example: { type: 'generated', params: { kind: 'moons', rows: 100, noise: 0.1, seed: 1, classes: 2 } } });
      expect(await waiting).toBe('message');
      await t.ownerCaller.member.remove({ teamId: t.teamId, userId: t.member.id });
      const afterRemoval = nextOf(live, 10_000);
      await t.ownerCaller.dataset.addExample({ teamId: t.teamId, example: { type: 'generated', params: { kind: 'spirals', rows: 100, noise: 0.1, seed: 1, classes: 2 } } });
      expect(await afterRemoval).toBe('NOT_FOUND');
      expect(await nextOf(changes, 10_000)).toBe('NOT_FOUND');
    } finally {
      controller.abort();
    }
  }, 60_000);

  it('cannot keep a session past a password change or a sign-out', async () => {
    const t = await teamWithMember(handle);
    const laptop = await openSession(handle.db, t.member.id);
    const stolen = await openSession(handle.db, t.member.id);
    expect(await isSessionActive(handle.db, stolen, t.member.id)).toBe(true);
    // Someone else's user id with this session id is no session at all.
    expect(await isSessionActive(handle.db, stolen, t.owner.id)).toBe(false);

    const controller = new AbortController();
    const stream = await subscribe(callerFor(handle, t.member.id, stolen), 'activity.live', { teamId: t.teamId, lastEventId: null }, controller.signal);
    try {
      await callerFor(handle, t.member.id, laptop).account.changePassword({ currentPassword: t.member.password, newPassword: 'a brand new long password' });
      expect(await isSessionActive(handle.db, stolen, t.member.id)).toBe(false);
      expect(await isSessionActive(handle.db, laptop, t.member.id)).toBe(true);
      // The other browser's open stream ends too.
      expect(await nextOf(stream, 10_000)).toBe('UNAUTHORIZED');
    } finally {
      controller.abort();
    }
    await revokeSession(handle.db, laptop);
    expect(await isSessionActive(handle.db, laptop, t.member.id)).toBe(false);

    const phone = await openSession(handle.db, t.member.id);
    const tablet = await openSession(handle.db, t.member.id);
    await callerFor(handle, t.member.id, phone).account.signOutOthers();
    expect([await isSessionActive(handle.db, phone, t.member.id), await isSessionActive(handle.db, tablet, t.member.id)]).toEqual([true, false]);
  }, 60_000);

  it('cannot make anonymous sign-ups burn the server’s CPU', async () => {
    const signUp = (email: string) => callerFor(handle, null).account.signUp({ email, name: 'Flood', password: 'a long enough password' });
    // A known email is refused before any password is hashed.
    const known = await makeUser(handle, 'Known');
    await expectTrpcError(signUp(known.email), 'CONFLICT', /already exists/);
    // Thirty at once: a burst is served, the rest are refused at once and create nothing.
    const tag = uniqueSuffix();
    const outcomes = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => signUp(`flood-${tag}-${i}@example.com`)));
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(refused.length).toBeGreaterThanOrEqual(10);
    for (const r of refused) expect((r.reason as TRPCError).code).toBe('TOO_MANY_REQUESTS');
    const created = await handle.db.select({ email: users.email }).from(users);
    expect(created.filter((u) => u.email.startsWith(`flood-${tag}-`))).toHaveLength(30 - refused.length);
  }, 120_000);

  it('gets clear refusals, not server errors, for oversized cursors and other teams’ runs', async () => {
    const t = await teamWithMember(handle);
    const other = await teamWithMember(handle);
    const { versionId } = await other.ownerCaller.dataset.addExample({ teamId: other.teamId, example: { type: 'generated', params: { kind: 'moons', rows: 100, noise: 0.1, seed: 1, classes: 2 } } });
    const split = await other.ownerCaller.split.freeze({ teamId: other.teamId, datasetVersionId: versionId, name: `s ${uniqueSuffix()}`, definition: { strategy: 'random', fractions: { train: 0.6, dev: 0.2, test: 0.2 }, seed: 1 }, humanLevelError: null });
    const { config } = await other.ownerCaller.run.defaults({ teamId: other.teamId, splitId: split.id });
    const theirs = await other.ownerCaller.run.launch({ teamId: other.teamId, splitId: split.id, config });
    await expectTrpcError(t.memberCaller.run.epochs({ teamId: t.teamId, runId: theirs.id, afterEpoch: 2 ** 53 - 1 }), 'BAD_REQUEST', /afterEpoch/);
    await expectTrpcError(t.memberCaller.run.watch({ teamId: t.teamId, runId: theirs.id }) as Promise<unknown>, 'NOT_FOUND', /No such run/);
    await expectTrpcError(t.memberCaller.run.epochs({ teamId: t.teamId, runId: theirs.id }), 'NOT_FOUND', /No such run/);
  });
});
