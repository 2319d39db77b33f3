import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { runs } from '@/db/schema';
import { compareAdjacent } from '@/server/domain/leaderboards/compare';
import { replayLadder } from '@/server/domain/leaderboards/ladder-view';
import { checkMetricForTask, indexMetric, ladderLoss } from '@/server/domain/leaderboards/metrics';
import type { DevPredictions } from '@/server/domain/leaderboards/predictions';
import { mcnemarTest } from '@/server/domain/stats/mcnemar';
import type { WorkerRuntime } from '@/workers/handler/worker-runtime';
import { expectTrpcError } from '../support/expect-error';
import { followRun, moonsTeam, startTestWorker } from '../support/training';
import { callerFor, makeUser, openTestDatabase, servicesFor, uniqueSuffix, testBlobs } from '../support/test-database';

const LEARNING_RATES = [0.0003, 0.03, 0.003];

const moonsConfig = (defaults: Record<string, unknown>, learningRate: number) => ({
  ...defaults,
  hiddenLayers: [
    { units: 16, activation: 'relu', dropout: 0 },
    { units: 16, activation: 'relu', dropout: 0 },
  ],
  learningRate,
  batchSize: 32,
  epochs: 25,
});

/** Per dev row (keyed by dataset row index), whether the run predicted it right, straight from its blob. */
async function correctness(blobKey: string): Promise<Map<number, boolean>> {
  const blob = JSON.parse((await testBlobs.getBuffer(blobKey)).toString('utf8')) as { rows: number[]; predicted: number[]; actual: number[] };
  return new Map(blob.rows.map((row, i) => [row, blob.predicted[i] === blob.actual[i]]));
}

describe('leaderboards on a dev split', () => {
  let handle: DatabaseHandle;
  let worker: WorkerRuntime;
  let team: Awaited<ReturnType<typeof moonsTeam>>;
  const runIds: string[] = [];

  beforeAll(async () => {
    handle = await openTestDatabase();
    worker = await startTestWorker(handle);
    team = await moonsTeam(handle);
    for (const lr of LEARNING_RATES) {
      const { id } = await team.me.run.launch({ teamId: team.teamId, splitId: team.splitId, config: moonsConfig(team.defaults, lr) });
      runIds.push(id);
    }
    for (const id of runIds) {
      const messages = await followRun(team.me, team.teamId, id);
      expect(messages.at(-1)!.run.status).toBe('succeeded');
    }
  });

  afterAll(async () => {
    await worker?.stop();
    await (await servicesFor(handle).boss()).stop({ graceful: false }).catch(() => undefined);
    await handle?.close();
  });

  it('ranks every succeeded run by dev accuracy with Wilson intervals and paired McNemar verdicts', async () => {
    const { me, teamId, splitId } = team;
    const board = await me.leaderboard.get({ teamId, splitId });
    expect(board.metric).toBe('accuracy');
    expect(board.split).toMatchObject({ taskKind: 'classification', devCount: 90, humanLevelError: 0.01 });
    expect(board.rows).toHaveLength(3);
    expect(board.window).toEqual({ included: 3, total: 3, capped: false, message: null });

    const stored = await Promise.all(runIds.map((runId) => me.run.get({ teamId, runId })));
    const expectedOrder = [...stored]
      .sort((a, b) => b.devAccuracy! - a.devAccuracy! || a.createdAt.getTime() - b.createdAt.getTime())
      .map((r) => r.id);
    expect(board.rows.map((r) => r.runId)).toEqual(expectedOrder);
    expect(board.rows.map((r) => r.rank)).toEqual([1, 2, 3]);
    // The slowest learning rate, 25 epochs in, is not the best of the three.
    expect(board.rows[0]!.runId).not.toBe(runIds[0]);

    for (const row of board.rows) {
      const run = stored.find((r) => r.id === row.runId)!;
      expect(row.score).toBe(run.devAccuracy);
      expect(row).toMatchObject({ runNumber: run.number, author: { id: team.user.id, name: 'Trainer' } });
      expect(row.ci!.method).toBe('wilson');
      expect(row.ci!.lower).toBeLessThanOrEqual(row.score);
      expect(row.ci!.upper).toBeGreaterThanOrEqual(row.score);
      expect(row.ci!.upper - row.ci!.lower).toBeGreaterThan(0.01); // 90 dev rows cannot pin accuracy down
    }

    // Significance against the next row, checked against McNemar on the runs' own stored predictions.
    const keys = await handle.db.select({ id: runs.id, key: runs.devPredictionsBlobKey }).from(runs).where(inArray(runs.id, runIds));
    for (const [i, row] of board.rows.entries()) {
      const below = board.rows[i + 1];
      if (!below) {
        expect(row.vsNext).toBeNull();
        continue;
      }
      const a = await correctness(keys.find((k) => k.id === row.runId)!.key!);
      const b = await correctness(keys.find((k) => k.id === below.runId)!.key!);
      const rows = [...a.keys()].sort((x, y) => x - y);
      expect(rows).toHaveLength(90);
      const p = mcnemarTest(rows.map((r) => a.get(r)!), rows.map((r) => b.get(r)!)).pValue;
      expect(row.vsNext).toMatchObject({ againstRunNumber: below.runNumber, test: 'mcnemar', significant: p < 0.05 });
      expect(row.vsNext!.pValue).toBeCloseTo(p, 12);
      expect(row.vsNext!.text).toMatch(
        new RegExp(`^(significantly better than|not distinguishable from) run #${below.runNumber} \\(p (= \\d\\.\\d+|< 0\\.001)\\)$`),
      );
      expect(row.vsNext!.text.startsWith(p < 0.05 ? 'significantly better' : 'not distinguishable')).toBe(true);
    }

    expect(board.devReuse).toMatchObject({ runsScored: 3, level: 'ok' });
    expect(board.devReuse.message).toMatch(/3 runs have been evaluated on this dev split/);
  });

  it('replays the runs through the Ladder in creation order, never releasing a worse score', async () => {
    const { me, teamId, splitId } = team;
    const { ladder } = await me.leaderboard.get({ teamId, splitId });
    expect(ladder).not.toBeNull();
    expect(ladder!.loss).toBe('zero-one');
    expect(ladder!.skippedRunIds).toEqual([]);
    expect(ladder!.steps.map((s) => s.runId)).toEqual(runIds);
    expect(ladder!.steps.map((s) => s.round)).toEqual([1, 2, 3]);
    expect(ladder!.steps[0]!.updated).toBe(true); // the first submission always sets the board
    for (const [i, step] of ladder!.steps.entries()) {
      expect(step.releasedScore).toBeCloseTo(1 - step.releasedLoss, 12);
      if (i > 0) {
        const previous = ladder!.steps[i - 1]!;
        expect(step.releasedLoss).toBeLessThanOrEqual(previous.releasedLoss);
        if (!step.updated) expect(step.releasedLoss).toBe(previous.releasedLoss);
      }
    }
    expect(ladder!.movedBoard).toEqual(ladder!.steps.filter((s) => s.updated).map((s) => s.runId));
    // A released score is always one a run actually reached: the first run's accuracy, then improvements only.
    const first = await me.run.get({ teamId, runId: runIds[0]! });
    expect(ladder!.steps[0]!.releasedScore).toBeCloseTo(first.devAccuracy!, 12);

    const off = await me.leaderboard.get({ teamId, splitId, ladder: false });
    expect(off.ladder).toBeNull();
  });

  it('ranks by macro F1 with bootstrap intervals and paired-bootstrap verdicts', async () => {
    const { me, teamId, splitId } = team;
    const board = await me.leaderboard.get({ teamId, splitId, metric: 'macroF1' });
    const scores = board.rows.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const row of board.rows) {
      expect(row.ci!.method).toBe('bootstrap');
      expect(row.ci!.lower).toBeLessThanOrEqual(row.score + 1e-12);
      expect(row.ci!.upper).toBeGreaterThanOrEqual(row.score - 1e-12);
    }
    expect(board.rows[0]!.vsNext!.test).toBe('paired-bootstrap');
    // Seeded: asking twice gives the same intervals and p-values.
    expect((await me.leaderboard.get({ teamId, splitId, metric: 'macroF1' })).rows).toEqual(board.rows);
  });

  it('shows each run its bias/variance numbers, computed from its stored metrics', async () => {
    const { me, teamId, splitId } = team;
    const board = await me.leaderboard.get({ teamId, splitId });
    for (const runId of runIds) {
      const run = await me.run.get({ teamId, runId });
      const trainError = 1 - run.trainAccuracy!;
      const devError = 1 - run.devAccuracy!;
      const expected = {
        errorKind: 'classification-error',
        trainError,
        devError,
        humanLevelError: 0.01,
        avoidableBias: trainError - 0.01,
        variance: devError - trainError,
      };
      const diagnosis = await me.leaderboard.diagnosis({ teamId, runId });
      expect(diagnosis).toMatchObject({ runId, runNumber: run.number, status: 'succeeded', taskKind: 'classification', bestEpoch: run.bestEpoch });
      for (const [key, value] of Object.entries(expected)) {
        const got = (diagnosis.fit as unknown as Record<string, unknown>)[key];
        if (typeof value === 'number') expect(got).toBeCloseTo(value, 12);
        else expect(got).toBe(value);
      }
      expect(['high-bias', 'high-variance', 'high-bias-and-variance', 'good-fit']).toContain(diagnosis.fit.verdict);
      expect(diagnosis.fit.summary.length).toBeGreaterThan(10);
      expect(diagnosis.learningCurve).toMatchObject({ epochs: expect.any(Number), status: expect.stringMatching(/^(diverged|overfitting|not-converged|converged)$/) });
      expect(diagnosis.learningCurve!.epochs).toBeGreaterThan(0);
      // The leaderboard row carries the same fit.
      expect(board.rows.find((r) => r.runId === runId)!.fit).toEqual(diagnosis.fit);
    }
  });

  it('places the majority-class baseline, fitted on train and scored on the dev rows themselves', async () => {
    const { me, teamId, splitId } = team;
    const split = await me.split.get({ teamId, splitId });
    const trainLabels = split.guidance.parts.find((p) => p.part === 'train')!.labels!;
    const majority = [...trainLabels].sort((a, b) => b.count - a.count)[0]!.label;
    // Scored independently of the split's summaries: the dev rows' true classes, from a run's predictions blob.
    const run = await me.run.get({ teamId, runId: runIds[0]! });
    const [row] = await handle.db.select({ key: runs.devPredictionsBlobKey }).from(runs).where(eq(runs.id, run.id));
    const { actual } = JSON.parse((await testBlobs.getBuffer(row!.key!)).toString('utf8')) as { actual: number[] };
    const expected = actual.filter((c) => run.classes[c] === majority).length / actual.length;

    const board = await me.leaderboard.get({ teamId, splitId });
    expect(board.baseline).toMatchObject({ description: `predicting the majority class ‘${majority}’ for every row`, detail: { kind: 'majority-class', label: majority, devRows: actual.length } });
    expect(board.baseline!.score).toBeCloseTo(expected, 12);
    expect(split.baseline).toEqual(board.baseline!.detail);
    const diagnosis = await me.leaderboard.diagnosis({ teamId, runId: run.id });
    expect(diagnosis.baseline).toEqual(board.baseline!.detail);
    expect(diagnosis.fit.baseline!.devError).toBeCloseTo(1 - expected, 12);
    // Macro F1 of a constant is not recoverable from the summaries: no number rather than a wrong one.
    expect((await me.leaderboard.get({ teamId, splitId, metric: 'macroF1' })).baseline).toMatchObject({ score: null });
  });

  it('refuses a metric of the other task, naming the ones that fit', async () => {
    const { me, teamId, splitId } = team;
    await expectTrpcError(me.leaderboard.get({ teamId, splitId, metric: 'rmse' }), 'BAD_REQUEST', /"rmse" is for regression splits.*classification split: choose accuracy, macroF1/);
  });

  it("gives another team's member NOT_FOUND for the board, a split and a run", async () => {
    const outsider = await makeUser(handle, 'Outsider');
    const them = callerFor(handle, outsider.id);
    const own = await them.team.create({ name: 'Elsewhere', slug: `elsewhere-${uniqueSuffix()}` });
    await expectTrpcError(them.leaderboard.get({ teamId: team.teamId, splitId: team.splitId }), 'NOT_FOUND', /./);
    await expectTrpcError(them.leaderboard.diagnosis({ teamId: team.teamId, runId: runIds[0]! }), 'NOT_FOUND', /./);
    // Their own team id does not open our split or run either.
    await expectTrpcError(them.leaderboard.get({ teamId: own.id, splitId: team.splitId }), 'NOT_FOUND', /No such split/);
    await expectTrpcError(them.leaderboard.diagnosis({ teamId: own.id, runId: runIds[0]! }), 'NOT_FOUND', /No such run/);
  });
});

describe('leaderboard statistics for regression (pure, on hand-made predictions)', () => {
  const actual = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
  const make = (offsets: number[]): DevPredictions => ({
    rows: Int32Array.from(actual, (_, i) => i),
    actual,
    predicted: Float64Array.from(actual, (y, i) => y + (offsets[i] as number)),
  });
  const good = make([0.1, -0.1, 0.1, -0.1, 0.1, -0.1, 0.1, -0.1]);
  const bad = make([2, -2, 2, -2, 2, -2, 2, -2]);

  it('converts the Ladder\'s relative squared error back to RMSE and R²', () => {
    for (const metric of ['rmse', 'r2'] as const) {
      const loss = ladderLoss(metric, good);
      expect(loss.kind).toBe('relative-squared-error');
      const mean = loss.losses(good).reduce((a, b) => a + b, 0) / 8;
      const full = indexMetric(metric, good)(Uint32Array.from(actual, (_, i) => i));
      expect(loss.toScore(mean)).toBeCloseTo(full, 12);
    }
    const steps = replayLadder('rmse', [
      { id: 'a', number: 1, createdAt: new Date(1), predictions: bad },
      { id: 'b', number: 2, createdAt: new Date(2), predictions: good },
      { id: 'c', number: 3, createdAt: new Date(3), predictions: bad },
    ]);
    expect(steps.steps.map((s) => s.updated)).toEqual([true, true, false]);
    expect(steps.steps[2]!.releasedLoss).toBe(steps.steps[1]!.releasedLoss);
  });

  it('compares by paired bootstrap with a two-sided p, in words', () => {
    const result = compareAdjacent('rmse', { number: 7, predictions: good }, { number: 4, predictions: bad }, 1);
    expect(result).toMatchObject({ test: 'paired-bootstrap', significant: true, againstRunNumber: 4 });
    expect(result.text).toMatch(/^significantly better than run #4 \(p = 0\.00\d\)$/);
    expect(compareAdjacent('mae', { number: 7, predictions: good }, { number: 4, predictions: good }, 1).text).toBe('not distinguishable from run #4 (p = 1.00)');
    expect(() => checkMetricForTask('accuracy', 'regression')).toThrow(/"accuracy" is for classification splits.*choose rmse, mae, r2/);
  });
});
