import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { expectTrpcError } from '../support/expect-error';
import { callerFor, makeUser, openTestDatabase, servicesFor, uniqueSuffix } from '../support/test-database';

describe('renaming and archiving datasets and splits', () => {
  let handle: DatabaseHandle;
  let teamId: string;
  let ownerId: string;
  let memberId: string;
  beforeAll(async () => {
    handle = await openTestDatabase();
    ownerId = (await makeUser(handle, 'Owner')).id;
    memberId = (await makeUser(handle, 'Member')).id;
    teamId = (await callerFor(handle, ownerId).team.create({ name: 'Tidy', slug: `tidy-${uniqueSuffix()}` })).id;
    const { token } = await callerFor(handle, ownerId).invite.create({ teamId, role: 'member', expiresInDays: 1 });
    await callerFor(handle, memberId).invite.accept({ token });
  });
  afterAll(async () => {
    await (await servicesFor(handle).boss()).stop({ graceful: false }).catch(() => undefined);
    await handle.close();
  });

  it('renames with the name checked, archives out of the lists (freeing the name, closing the split to runs) and restores', async () => {
    const member = callerFor(handle, memberId);
    const owner = callerFor(handle, ownerId);
    const { datasetId, versionId } = await member.dataset.addExample({ teamId, example: { type: 'generated', params: { kind: 'moons', rows: 200, noise: 0.1, seed: 1, classes: 2 } } });
    const split = await member.split.freeze({ teamId, datasetVersionId: versionId, name: 'main', definition: { strategy: 'random', fractions: { train: 0.6, dev: 0.2, test: 0.2 }, seed: 1 }, humanLevelError: null });

    await member.split.rename({ teamId, splitId: split.id, name: '  moons   main ' });
    expect((await member.split.get({ teamId, splitId: split.id })).name).toBe('moons main');
    await member.dataset.rename({ teamId, datasetId, name: 'Two moons, noisy' });
    expect((await member.dataset.get({ teamId, datasetId })).name).toBe('Two moons, noisy');
    await expectTrpcError(member.split.rename({ teamId, splitId: split.id, name: '   ' }), 'BAD_REQUEST', /name: give the split a name/);

    // A second split can't take the first one's name while it is active.
    const other = await member.split.freeze({ teamId, datasetVersionId: versionId, name: 'other', definition: { strategy: 'random', fractions: { train: 0.6, dev: 0.2, test: 0.2 }, seed: 2 }, humanLevelError: null });
    await expectTrpcError(member.split.rename({ teamId, splitId: other.id, name: 'moons main' }), 'CONFLICT', /already has a split named "moons main"/);

    // Archive: gone from the list, still readable, its name free, no new runs.
    await member.split.setArchived({ teamId, splitId: split.id, archived: true });
    expect((await member.split.list({ teamId })).map((s) => s.id)).toEqual([other.id]);
    expect((await member.split.list({ teamId, includeArchived: true })).map((s) => s.id).sort()).toEqual([split.id, other.id].sort());
    expect((await member.split.get({ teamId, splitId: split.id })).archivedAt).toBeInstanceOf(Date);
    const { config } = await member.run.defaults({ teamId, splitId: split.id });
    await expectTrpcError(member.run.launch({ teamId, splitId: split.id, config }), 'PRECONDITION_FAILED', /"moons main" is archived; restore it/);
    await member.split.rename({ teamId, splitId: other.id, name: 'moons main' });
    // Restoring needs the name back.
    await expectTrpcError(member.split.setArchived({ teamId, splitId: split.id, archived: false }), 'CONFLICT', /already has a split named "moons main"/);
    await member.split.rename({ teamId, splitId: other.id, name: 'other' });
    await member.split.setArchived({ teamId, splitId: split.id, archived: false });
    expect((await member.split.list({ teamId })).length).toBe(2);

    // Datasets the same way; the archived one's name can be registered again.
    await member.dataset.setArchived({ teamId, datasetId, archived: true });
    expect((await member.dataset.list({ teamId })).map((d) => d.id)).not.toContain(datasetId);
    expect((await member.dataset.list({ teamId, includeArchived: true })).find((d) => d.id === datasetId)?.archivedAt).toBeInstanceOf(Date);
    await expectTrpcError(member.dataset.setArchived({ teamId, datasetId, archived: true }), 'PRECONDITION_FAILED', /already archived/);
    // Only the creator or an admin: the owner may, another member may not.
    const third = await makeUser(handle, 'Third');
    const { token } = await owner.invite.create({ teamId, role: 'member', expiresInDays: 1 });
    await callerFor(handle, third.id).invite.accept({ token });
    await expectTrpcError(callerFor(handle, third.id).split.rename({ teamId, splitId: split.id, name: 'mine' }), 'FORBIDDEN', /created this split, or a team admin/);
    await owner.dataset.setArchived({ teamId, datasetId, archived: false });
    expect((await member.dataset.list({ teamId })).map((d) => d.id)).toContain(datasetId);
  });
});
