import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { runCurves, runEpochs, runs } from '@/db/schema';
import { compareCurves, MAX_POINTS_PER_CURVE } from '@/server/domain/runs/compare';
import { recordEpoch, type EpochRecord } from '@/server/shared/runs/lifecycle';
import { moonsTeam } from '../support/training';
import { openTestDatabase } from '../support/test-database';

/**
 * The compare view reads finished runs from run_curves (packed by a trigger when a run ends) and
 * runs still training from run_epochs. Both paths must give the same curves, to Float32 precision,
 * and a packed row that fell behind its epochs must never hide one.
 */
describe('compare-view curves: packed rows and the run_epochs fallback agree', () => {
  let handle: DatabaseHandle;
  let team: Awaited<ReturnType<typeof moonsTeam>>;

  beforeAll(async () => {
    handle = await openTestDatabase();
    team = await moonsTeam(handle, 200);
  });
  afterAll(() => handle.close());

  const classificationEpoch = (epoch: number): EpochRecord => ({
    epoch,
    learningRate: 0.01,
    trainLoss: 1 / epoch + 0.1234567,
    devLoss: 1.1 / epoch + 0.1,
    trainMetrics: { accuracy: 1 - 0.5 / epoch, macroF1: 0.9 - 0.4 / epoch },
    devMetrics: { accuracy: 1 - 0.6 / epoch, macroF1: 0.88 - 0.4 / epoch },
    epochMs: 10,
    samplesPerSec: 1000,
  });
  const regressionEpoch = (epoch: number): EpochRecord => ({
    ...classificationEpoch(epoch),
    trainMetrics: { rmse: 2 / epoch, mae: 1 / epoch, r2: 1 - 1 / epoch },
    devMetrics: { rmse: 2.5 / epoch, mae: 1.2 / epoch, r2: 0.9 - 1 / epoch },
  });

  async function runWithEpochs(epochs: EpochRecord[]) {
    const { teamId, splitId } = team;
    const split = await team.me.split.get({ teamId, splitId });
    const [run] = await handle.db
      .insert(runs)
      .values({
        teamId,
        number: Math.floor(Math.random() * 1e9),
        splitId,
        datasetVersionId: split.datasetVersionId,
        createdBy: team.user.id,
        config: team.defaults,
        seed: 1,
        pool: 'cpu',
        status: 'running',
        epochsPlanned: epochs.length,
        datasetHash: 'h',
        splitHash: 'h',
      })
      .returning({ id: runs.id });
    for (const epoch of epochs) await recordEpoch(handle.db, { id: run!.id, teamId }, epoch);
    return run!.id;
  }
  const finish = (runId: string, status: 'succeeded' | 'failed' | 'cancelled' = 'succeeded') =>
    handle.db.update(runs).set({ status }).where(eq(runs.id, runId));
  const packedRow = async (runId: string) => (await handle.db.select().from(runCurves).where(eq(runCurves.runId, runId)))[0];

  function expectCurvesOf(curves: Awaited<ReturnType<typeof compareCurves>>[number], epochs: EpochRecord[]) {
    expect(curves.epoch).toEqual(epochs.map((e) => e.epoch));
    // run_epochs holds doubles and the packed row float32: both must round to the same float32.
    expect(curves.trainLoss.map(Math.fround)).toEqual(epochs.map((e) => Math.fround(e.trainLoss)));
    expect(curves.devLoss.map(Math.fround)).toEqual(epochs.map((e) => Math.fround(e.devLoss)));
    for (const [prefix, key] of [['train', 'trainMetrics'], ['dev', 'devMetrics']] as const) {
      for (const name of Object.keys(epochs[0]![key])) {
        const series = `${prefix}${name.charAt(0).toUpperCase()}${name.slice(1)}`;
        expect(curves.metrics[series]!.map(Math.fround), series).toEqual(epochs.map((e) => Math.fround(e[key][name]!)));
      }
    }
  }

  it('packs a run when it ends, and reads the same curves packed as from run_epochs', async () => {
    const epochs = Array.from({ length: 40 }, (_, i) => classificationEpoch(i + 1));
    const runId = await runWithEpochs(epochs);
    expect(await packedRow(runId)).toBeUndefined();
    const live = (await compareCurves(handle.db, team.teamId, [runId]))[0]!;
    expectCurvesOf(live, epochs);

    await finish(runId);
    const row = await packedRow(runId);
    expect(row).toMatchObject({ lastEpoch: 40, points: 40 });
    expect(row!.names).toEqual(['devAccuracy', 'devLoss', 'devMacroF1', 'epoch', 'trainAccuracy', 'trainLoss', 'trainMacroF1']);
    expect(row!.data.byteLength).toBe(7 * 40 * 4);
    const packed = (await compareCurves(handle.db, team.teamId, [runId]))[0]!;
    expectCurvesOf(packed, epochs);
    expect(Object.keys(packed.metrics).sort()).toEqual(Object.keys(live.metrics).sort());
  });

  it('packs regression metrics under their own names, for failed and cancelled runs too', async () => {
    for (const status of ['failed', 'cancelled'] as const) {
      const epochs = Array.from({ length: 7 }, (_, i) => regressionEpoch(i + 1));
      const runId = await runWithEpochs(epochs);
      await finish(runId, status);
      expect((await packedRow(runId))!.names).toEqual(['devLoss', 'devMae', 'devR2', 'devRmse', 'epoch', 'trainLoss', 'trainMae', 'trainR2', 'trainRmse']);
      expectCurvesOf((await compareCurves(handle.db, team.teamId, [runId]))[0]!, epochs);
    }
  });

  it('reads an epoch that landed after the run ended, which the packed row does not hold', async () => {
    const epochs = Array.from({ length: 5 }, (_, i) => classificationEpoch(i + 1));
    const runId = await runWithEpochs(epochs);
    await finish(runId, 'cancelled');
    // The trainer's last report can race the cancel: recordEpoch does not check the status.
    const late = classificationEpoch(6);
    await recordEpoch(handle.db, { id: runId, teamId: team.teamId }, late);
    expect((await packedRow(runId))!.lastEpoch).toBe(5);
    expectCurvesOf((await compareCurves(handle.db, team.teamId, [runId]))[0]!, [...epochs, late]);
  });

  it('thins long curves the same way on both paths, keeping the first and last epoch', async () => {
    const epochs = Array.from({ length: 1001 }, (_, i) => classificationEpoch(i + 1));
    const runId = await runWithEpochs(epochs);
    const live = (await compareCurves(handle.db, team.teamId, [runId]))[0]!;
    await finish(runId);
    const packed = (await compareCurves(handle.db, team.teamId, [runId]))[0]!;
    const kept = live.epoch.map((epoch) => epochs[epoch - 1]!);
    expectCurvesOf(live, kept);
    expectCurvesOf(packed, kept);
    expect(packed.epoch.length).toBeLessThanOrEqual(MAX_POINTS_PER_CURVE + 2);
    expect(packed.epoch[0]).toBe(1);
    expect(packed.epoch.at(-1)).toBe(1001);
    expect(packed.epoch.slice(1, 4)).toEqual([5, 10, 15]);
  }, 60_000);

  it('gives a run with no epochs empty curves, and keeps the requested order', async () => {
    const empty = await runWithEpochs([]);
    await finish(empty, 'failed');
    const full = await runWithEpochs([classificationEpoch(1)]);
    await finish(full);
    const curves = await compareCurves(handle.db, team.teamId, [full, empty]);
    expect(curves.map((c) => [c.runId, c.epoch.length])).toEqual([[full, 1], [empty, 0]]);
  });

  it('repacks a finished run from run_epochs with the function the migration backfills with', async () => {
    const epochs = Array.from({ length: 3 }, (_, i) => classificationEpoch(i + 1));
    const runId = await runWithEpochs(epochs);
    await finish(runId);
    await handle.db.delete(runCurves).where(eq(runCurves.runId, runId));
    await handle.db.execute(sql`SELECT holdout_materialize_run_curves(ARRAY[${runId}::uuid])`);
    expect(await packedRow(runId)).toMatchObject({ lastEpoch: 3, points: 3 });
    expect(await handle.db.select({ epoch: runEpochs.epoch }).from(runEpochs).where(eq(runEpochs.runId, runId))).toHaveLength(3);
  });
});
