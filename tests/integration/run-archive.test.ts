import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { runMetricPoints } from '@/db/schema';
import { expectTrpcError } from '../support/expect-error';
import { callerFor, makeUser, openTestDatabase, testBlobs } from '../support/test-database';
import { moonsTeam } from '../support/training';
import { loadTrainingData } from '@/server/shared/runs/training-data';

/**
 * Archiving and deleting runs, with runs that finish without a worker (external runs scored from
 * their dev predictions): archived runs leave the runs table and the leaderboard but still count
 * as looks at dev; deleting is refused where the test audit or a sweep depends on the run.
 */
describe('archiving and deleting runs', () => {
  let handle: DatabaseHandle;
  let team: Awaited<ReturnType<typeof moonsTeam>>;
  let devLabels: string[];
  let testRows: number;

  async function finishedRun(name: string, caller = team.me) {
    const run = await caller.externalRun.create({ teamId: team.teamId, splitId: team.splitId, name, config: {}, tags: [], source: {} });
    await caller.externalRun.logMetrics({ teamId: team.teamId, runId: run.id, points: [{ key: 'loss', step: 1, value: 0.5 }] });
    await caller.externalRun.submitDevPredictions({ teamId: team.teamId, runId: run.id, predictions: devLabels });
    await caller.externalRun.finish({ teamId: team.teamId, runId: run.id, status: 'succeeded' });
    return run;
  }

  beforeAll(async () => {
    handle = await openTestDatabase();
    team = await moonsTeam(handle, 200);
    const version = await team.me.split.get({ teamId: team.teamId, splitId: team.splitId });
    testRows = version.testCount;
    const data = await loadTrainingData(handle.db, testBlobs, { splitId: team.splitId, datasetVersionId: version.datasetVersionId });
    devLabels = Array.from(data.dev.target as Int32Array, (k) => data.classes[k]!);
  });

  afterAll(async () => {
    await handle.close();
  });

  it('an archived run leaves the runs table and the leaderboard, is listed under "archived", and still counts as a look at dev', async () => {
    const run = await finishedRun('to archive');
    const before = await team.me.leaderboard.get({ teamId: team.teamId, splitId: team.splitId });
    expect(before.rows.map((r) => r.runId)).toContain(run.id);
    await team.me.run.setArchived({ teamId: team.teamId, runId: run.id, archived: true });
    const board = await team.me.leaderboard.get({ teamId: team.teamId, splitId: team.splitId });
    expect(board.rows.map((r) => r.runId)).not.toContain(run.id);
    expect(board.devReuse.runsScored).toBe(before.devReuse.runsScored);
    expect((await team.me.run.list({ teamId: team.teamId })).items.map((r) => r.id)).not.toContain(run.id);
    expect((await team.me.run.list({ teamId: team.teamId, archived: true })).items.map((r) => r.id)).toEqual([run.id]);
    // Named by id (the compare view), it is still there; its page says it is archived.
    expect((await team.me.run.list({ teamId: team.teamId, runIds: [run.id] })).items).toHaveLength(1);
    expect((await team.me.run.get({ teamId: team.teamId, runId: run.id })).archivedAt).toBeInstanceOf(Date);
    await team.me.run.setArchived({ teamId: team.teamId, runId: run.id, archived: false });
    expect((await team.me.leaderboard.get({ teamId: team.teamId, splitId: team.splitId })).rows.map((r) => r.runId)).toContain(run.id);
  });

  it('deletes a run and what only it owns; refuses a run the test audit or another member depends on, or one still running', async () => {
    const run = await finishedRun('to delete');
    await team.me.run.delete({ teamId: team.teamId, runId: run.id });
    await expectTrpcError(team.me.run.get({ teamId: team.teamId, runId: run.id }), 'NOT_FOUND', /No such run/);
    expect(await handle.db.select().from(runMetricPoints).where(eq(runMetricPoints.runId, run.id))).toEqual([]);

    const evaluated = await finishedRun('evaluated');
    await team.me.externalRun.submitTestPredictions({ teamId: team.teamId, runId: evaluated.id, predictions: Array(testRows).fill(devLabels[0]) });
    await expectTrpcError(team.me.run.delete({ teamId: team.teamId, runId: evaluated.id }), 'PRECONDITION_FAILED', /evaluated on the test split.*archive it instead/);

    const live = await team.me.externalRun.create({ teamId: team.teamId, splitId: team.splitId, name: 'live', config: {}, tags: [], source: {} });
    await expectTrpcError(team.me.run.delete({ teamId: team.teamId, runId: live.id }), 'PRECONDITION_FAILED', /is running: cancel it/);
    await expectTrpcError(team.me.run.setArchived({ teamId: team.teamId, runId: live.id, archived: true }), 'PRECONDITION_FAILED', /is running/);

    const other = await makeUser(handle, 'Other member');
    const { token } = await team.me.invite.create({ teamId: team.teamId, role: 'member', expiresInDays: 1 });
    await callerFor(handle, other.id).invite.accept({ token });
    const mine = await finishedRun('not yours');
    await expectTrpcError(callerFor(handle, other.id).run.delete({ teamId: team.teamId, runId: mine.id }), 'FORBIDDEN', /Only the person who launched run #\d+, or a team admin/);
    await expectTrpcError(callerFor(handle, other.id).run.setArchived({ teamId: team.teamId, runId: mine.id, archived: true }), 'FORBIDDEN', /archive it/);
  });
});
