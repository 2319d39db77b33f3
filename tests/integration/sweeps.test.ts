import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { runLogs, runs, sweepRungValues, sweeps, sweepTrials } from '@/db/schema';
import { failRun, failRunsInterruptedByRestart } from '@/server/shared/runs/lifecycle';
import { ashaVerdict } from '@/server/shared/sweeps/early-stopping';
import { judgeEpoch, trialOfRun } from '@/server/shared/sweeps/judge';
import { advanceSweep } from '@/server/shared/sweeps/scheduler';
import { studentTQuantile } from '@/server/shared/stats/student-t';
import type { WorkerRuntime } from '@/workers/handler/worker-runtime';
import { expectTrpcError } from '../support/expect-error';
import { moonsTeam, startTestWorker, trainingEnvironment } from '../support/training';
import { callerFor, makeUser, openTestDatabase, servicesFor, testDatabaseUrl } from '../support/test-database';

type Caller = ReturnType<typeof callerFor>;
type Definition = Parameters<Caller['sweep']['create']>[0]['definition'];

/** Small, fast trials: a 2-moons MLP for a few epochs. */
const base = (defaults: Record<string, unknown>, epochs = 3) => ({ ...defaults, hiddenLayers: [{ units: 16, activation: 'relu', dropout: 0 }], learningRate: 0.01, batchSize: 32, epochs });

function definition(overrides: Partial<Definition> = {}): Definition {
  return {
    goal: 'devAccuracy',
    strategy: 'random',
    space: { learningRate: { kind: 'logUniform', low: 1e-3, high: 1e-1 } },
    earlyStop: { kind: 'off' },
    replicates: 1,
    budget: { maxTrials: 2, maxEpochs: null, concurrency: 1 },
    seed: 7,
    warmStart: false,
    ...overrides,
  };
}

async function waitForSweep(me: Caller, teamId: string, sweepId: string, until: (s: Awaited<ReturnType<Caller['sweep']['get']>>) => boolean, timeoutMs = 150_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sweep = await me.sweep.get({ teamId, sweepId });
    if (until(sweep)) return sweep;
    if (Date.now() > deadline) throw new Error(`sweep did not get there in time: ${sweep.status}, trials ${sweep.trials.map((t) => `${t.number}:${t.status}`).join(' ')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const completed = (s: { status: string }) => s.status === 'completed';

describe('sweeps through real workers', () => {
  const env = trainingEnvironment();

  it('refuses bad definitions naming the field, and creates nothing', async () => {
    const { me, teamId, splitId, defaults, user } = await moonsTeam(env.handle, 300);
    const baseConfig = base(defaults);
    const create = (d: Partial<Definition>, extra: Record<string, unknown> = {}) => me.sweep.create({ teamId, splitId, name: 'bad', baseConfig, definition: definition(d), ...extra } as never);
    await expectTrpcError(create({ space: { learningRate: { kind: 'uniform', low: 0.1, high: 0.01 } } }), 'BAD_REQUEST', /space\.learningRate.*empty or inverted/);
    await expectTrpcError(create({ space: { learningRate: { kind: 'logUniform', low: 0, high: 0.1 } } }), 'BAD_REQUEST', /space\.learningRate.*log range.*above 0/);
    await expectTrpcError(create({ space: { activation: { kind: 'categorical', values: [] } } }), 'BAD_REQUEST', /space\.activation/);
    await expectTrpcError(
      create({ strategy: 'grid', space: { units: { kind: 'categorical', values: [8, 16, 32] }, learningRate: { kind: 'categorical', values: [0.01, 0.1] } }, budget: { maxTrials: 4, maxEpochs: null, concurrency: 1 } }),
      'BAD_REQUEST',
      /budget\.maxTrials: the grid has 6 configurations × 1 seed = 6 trials, more than the budget of 4/,
    );
    await expectTrpcError(create({ goal: 'devRmse' }), 'BAD_REQUEST', /goal: devRmse is not computed for classification/);
    await expectTrpcError(create({ budget: { maxTrials: 2, maxEpochs: null, concurrency: 0 } }), 'BAD_REQUEST', /budget\.concurrency: concurrency is at least 1/);
    await expectTrpcError(create({ space: { learningRate: { kind: 'logUniform', low: 1e-3, high: 50 } } }), 'BAD_REQUEST', /space\.learningRate reaches 50, which no run accepts/);
    await expectTrpcError(create({ earlyStop: { kind: 'asha', gracePeriod: 3, reductionFactor: 3 } }), 'BAD_REQUEST', /earlyStop\.gracePeriod: 3 epochs is not below the 3 epochs/);
    await expectTrpcError(me.sweep.create({ teamId, splitId: crypto.randomUUID(), name: 'x', definition: definition() }), 'NOT_FOUND', /splitId: no frozen split/);
    // Another team's split is not found either.
    const other = await moonsTeam(env.handle, 300);
    await expectTrpcError(me.sweep.create({ teamId, splitId: other.splitId, name: 'x', definition: definition() }), 'NOT_FOUND', /splitId: no frozen split/);
    await expectTrpcError(other.me.sweep.create({ teamId: other.teamId, splitId, name: 'x', definition: definition() }), 'NOT_FOUND', /splitId: no frozen split/);
    // A viewer reads but neither creates nor steers.
    const viewer = await makeUser(env.handle, 'Viewer');
    const { token } = await me.invite.create({ teamId, role: 'viewer', expiresInDays: 7 });
    await callerFor(env.handle, viewer.id).invite.accept({ token });
    const asViewer = callerFor(env.handle, viewer.id);
    await expectTrpcError(asViewer.sweep.create({ teamId, splitId, name: 'x', definition: definition() }), 'FORBIDDEN', /member/);
    expect(await me.sweep.list({ teamId })).toEqual([]);
    expect(user.id).toBeTruthy();
  });

  it('runs a grid to completion: every configuration once, as ordinary runs of the split', async () => {
    const { me, teamId, splitId, defaults } = await moonsTeam(env.handle, 300);
    const space = { learningRate: { kind: 'categorical' as const, values: [0.01, 0.05] }, units: { kind: 'categorical' as const, values: [8, 16] } };
    const preview = await me.sweep.preview({ teamId, splitId, baseConfig: base(defaults), definition: definition({ strategy: 'grid', space, budget: { maxTrials: 10, maxEpochs: null, concurrency: 2 } }) });
    expect(preview.preview).toEqual({ gridConfigurations: 4, trials: 4, rungs: [], epochsAtMost: 12 });
    const { id } = await me.sweep.create({ teamId, splitId, name: 'grid', baseConfig: base(defaults), definition: definition({ strategy: 'grid', space, budget: { maxTrials: 10, maxEpochs: null, concurrency: 2 } }) });
    const sweep = await waitForSweep(me, teamId, id, completed);
    expect(sweep.endReason).toMatch(/Every configuration of the grid has trained/);
    expect(sweep.trials.map((t) => t.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(new Set(sweep.trials.map((t) => `${t.assignment.learningRate}×${t.assignment.units}`))).toEqual(new Set(['0.01×8', '0.05×8', '0.01×16', '0.05×16']));
    const listed = await me.run.list({ teamId, runIds: sweep.trials.map((t) => t.runId!) });
    expect(listed.items.every((r) => r.splitId === splitId && r.status === 'succeeded')).toBe(true);
    const run = await me.run.get({ teamId, runId: sweep.trials[3]!.runId! });
    expect(run.config!.hiddenLayers[0]!.units).toBe(16);
    expect(sweep.winner.ranked).toHaveLength(4);
    expect(sweep.devLooks).toBe(4);
    const board = await me.leaderboard.get({ teamId, splitId });
    expect(board.devReuse.runsScored).toBeGreaterThanOrEqual(4);
  });

  it('runs a random sweep over seeds: the winner is the mean of its seeds, with the t interval a hand computation gives', async () => {
    const { me, teamId, splitId, defaults } = await moonsTeam(env.handle, 300);
    const { id } = await me.sweep.create({ teamId, splitId, name: 'seeds', baseConfig: base(defaults), definition: definition({ replicates: 2, budget: { maxTrials: 4, maxEpochs: null, concurrency: 2 } }) });
    const sweep = await waitForSweep(me, teamId, id, completed);
    expect(sweep.endReason).toMatch(/trial budget \(4\) is spent/);
    expect(sweep.trials).toHaveLength(4);
    // Two configurations, each on the same two seeds.
    expect(sweep.trials.map((t) => t.seed)).toEqual([defaults.seed, (defaults.seed as number) + 1, defaults.seed, (defaults.seed as number) + 1]);
    expect(new Set(sweep.trials.map((t) => t.configKey)).size).toBe(2);
    // The trial's value is its run's dev accuracy (the best epoch's).
    for (const t of sweep.trials) expect(t.value).toBe((await me.run.get({ teamId, runId: t.runId! })).devAccuracy);
    const top = sweep.winner.ranked[0]!;
    const values = sweep.trials.filter((t) => t.configKey === top.configKey).map((t) => t.value!);
    const mean = (values[0]! + values[1]!) / 2;
    const sd = Math.abs(values[0]! - values[1]!) / Math.SQRT2;
    const half = 12.706204736174703 * (sd / Math.SQRT2);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(top.sweep.mean).toBeCloseTo(mean, 12);
    expect(top.sweep.lower!).toBeCloseTo(mean - half, 6);
    expect(top.sweep.upper!).toBeCloseTo(mean + half, 6);
    expect(sweep.winner.ranked[1]!.sweep.mean).toBeLessThanOrEqual(top.sweep.mean);
    expect(sweep.winner.verdict).toMatch(/runner-up/);
  });

  it('runs TPE with ASHA: stopped trials say at which rung, with the value and threshold the rule gives', async () => {
    const { me, teamId, splitId, defaults } = await moonsTeam(env.handle, 300);
    const { id } = await me.sweep.create({
      teamId,
      splitId,
      name: 'tpe asha',
      baseConfig: base(defaults, 9),
      definition: definition({
        strategy: 'tpe',
        space: { learningRate: { kind: 'logUniform', low: 1e-4, high: 3e-1 }, units: { kind: 'int', low: 2, high: 32, log: true } },
        earlyStop: { kind: 'asha', gracePeriod: 1, reductionFactor: 3 },
        budget: { maxTrials: 8, maxEpochs: null, concurrency: 1 },
      }),
    });
    const sweep = await waitForSweep(me, teamId, id, completed, 170_000);
    expect(sweep.rungEpochs).toEqual([1, 3]);
    expect(sweep.trials).toHaveLength(8);
    expect(sweep.trials.filter((t) => t.status === 'stopped').length).toBeGreaterThan(0);
    // Replay the ladder: each value was judged against the values recorded at its rung before it.
    const ladder = await env.handle.db.select().from(sweepRungValues).where(eq(sweepRungValues.sweepId, id)).orderBy(asc(sweepRungValues.createdAt));
    for (const [i, row] of ladder.entries()) {
      const before = ladder.slice(0, i).filter((r) => r.rung === row.rung).map((r) => r.value);
      const verdict = ashaVerdict(before, row.value, 3, 'maximize');
      expect({ promoted: row.promoted, threshold: row.threshold }).toEqual({ promoted: !verdict.stop, threshold: verdict.threshold });
    }
    for (const t of sweep.trials) {
      if (t.status !== 'stopped') continue;
      expect([1, 3]).toContain(t.stoppedAtEpoch);
      const rung = ladder.find((r) => r.trialId === t.id && r.rung === t.stoppedAtEpoch)!;
      expect(rung.promoted).toBe(false);
      expect(t.stoppedThreshold).toBe(rung.threshold);
      expect(t.reason).toMatch(/^Stopped by ASHA at rung [12] \(epoch [13]\): its best dev accuracy [\d.]+ is below the threshold [\d.]+/);
      const run = await me.run.get({ teamId, runId: t.runId! });
      expect(run.status).toBe('cancelled');
      const logs = await env.handle.db.select({ message: runLogs.message }).from(runLogs).where(eq(runLogs.runId, t.runId!));
      expect(logs.some((l) => l.message.startsWith('Stopped by ASHA'))).toBe(true);
    }
    // Every trial reaching rung 1 recorded there (the first promoted with no threshold).
    expect(ladder.filter((r) => r.rung === 1)).toHaveLength(8);
    expect(ladder[0]).toMatchObject({ promoted: true, threshold: null });
  });

  it('pauses, resumes and extends; confirms the top 2 on fresh seeds and says whether they differ', async () => {
    const { me, teamId, splitId, defaults } = await moonsTeam(env.handle, 300);
    const { id } = await me.sweep.create({ teamId, splitId, name: 'steer', baseConfig: base(defaults), definition: definition({ budget: { maxTrials: 2, maxEpochs: null, concurrency: 1 } }) });
    await me.sweep.pause({ teamId, sweepId: id });
    // The trial already launched finishes; no second one starts while paused.
    const paused = await waitForSweep(me, teamId, id, (s) => s.trials[0]?.status === 'succeeded');
    expect(paused.status).toBe('paused');
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await me.sweep.get({ teamId, sweepId: id })).trials).toHaveLength(1);
    await expectTrpcError(me.sweep.pause({ teamId, sweepId: id }), 'PRECONDITION_FAILED', /Only a running sweep can be paused/);
    await me.sweep.resume({ teamId, sweepId: id });
    const done = await waitForSweep(me, teamId, id, completed);
    expect(done.trials).toHaveLength(2);
    await expectTrpcError(me.sweep.extend({ teamId, sweepId: id, maxTrials: 1 }), 'BAD_REQUEST', /maxTrials: extending cannot shrink/);
    await me.sweep.extend({ teamId, sweepId: id, maxTrials: 3 });
    const extended = await waitForSweep(me, teamId, id, (s) => s.status === 'completed' && s.trials.length === 3);
    expect(extended.maxTrials).toBe(3);
    await me.sweep.addTrial({ teamId, sweepId: id, assignment: { learningRate: 0.02 } });
    await expectTrpcError(me.sweep.addTrial({ teamId, sweepId: id, assignment: { dropout: 0.2 } }), 'BAD_REQUEST', /assignment\.dropout: not a parameter of this sweep/);
    const withManual = await waitForSweep(me, teamId, id, (s) => s.status === 'completed' && s.trials.length === 4);
    expect(withManual.trials[3]).toMatchObject({ source: 'manual', status: 'succeeded', assignment: { learningRate: 0.02 } });

    await me.sweep.confirm({ teamId, sweepId: id, top: 2, seeds: 3 });
    const confirmed = await waitForSweep(me, teamId, id, (s) => s.status === 'completed' && s.trials.length === 10);
    const fresh = confirmed.trials.filter((t) => t.source === 'confirm');
    expect(fresh).toHaveLength(6);
    const usedBefore = new Set(confirmed.trials.filter((t) => t.source !== 'confirm').map((t) => t.seed));
    expect(fresh.every((t) => !usedBefore.has(t.seed) && t.status === 'succeeded')).toBe(true);
    expect(confirmed.winner.comparison?.on).toBe('confirm');
    expect(confirmed.winner.comparison?.difference.n).toBe(3);
    expect(confirmed.winner.verdict).toMatch(/cannot be told apart|larger than the seeds' noise/);
    expect(confirmed.winner.ranked[0]!.confirm?.n).toBe(3);
    // A viewer cannot steer someone else's sweep.
    const viewer = await makeUser(env.handle, 'Viewer');
    const { token } = await me.invite.create({ teamId, role: 'viewer', expiresInDays: 7 });
    await callerFor(env.handle, viewer.id).invite.accept({ token });
    await expectTrpcError(callerFor(env.handle, viewer.id).sweep.cancel({ teamId, sweepId: id }), 'FORBIDDEN', /member/);
  });
});

describe('ASHA, judged by hand (no training)', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => {
    await (await servicesFor(handle).boss()).stop({ graceful: false }).catch(() => undefined);
    await handle.close();
  });

  it('stops at a rung exactly when the value is below the (1 − 1/η) quantile of the values recorded there before', async () => {
    const { me, teamId, splitId, defaults } = await moonsTeam(handle, 300);
    const { id } = await me.sweep.create({
      teamId,
      splitId,
      name: 'hand asha',
      baseConfig: base(defaults, 9),
      definition: definition({ earlyStop: { kind: 'asha', gracePeriod: 1, reductionFactor: 3 }, budget: { maxTrials: 4, maxEpochs: null, concurrency: 4 } }),
    });
    // No worker here: the four trials are launched and wait in the queue; we judge them by hand.
    const trials = await handle.db.select().from(sweepTrials).where(eq(sweepTrials.sweepId, id)).orderBy(asc(sweepTrials.number));
    expect(trials).toHaveLength(4);
    const judges = await Promise.all(trials.map((t) => trialOfRun(handle.db, t.runId!)));
    // Epoch 2 is not a rung: nobody is judged there.
    expect(await judgeEpoch(handle.db, judges[0]!, 2, 0.1)).toEqual({ stop: false });
    // Rung 1, in arrival order, values 0.5, 0.7, 0.6, 0.55 and η = 3 (threshold: the 2/3 quantile, linear):
    expect(await judgeEpoch(handle.db, judges[0]!, 1, 0.5)).toEqual({ stop: false }); // first at the rung
    expect(await judgeEpoch(handle.db, judges[1]!, 1, 0.7)).toEqual({ stop: false }); // q([0.5]) = 0.5
    const c = await judgeEpoch(handle.db, judges[2]!, 1, 0.6); // q([0.5, 0.7]) = 0.5 + 2/3·0.2 = 0.6333
    expect(c).toMatchObject({ stop: true, message: expect.stringMatching(/rung 1 \(epoch 1\): its best dev accuracy 0\.6000 is below the threshold 0\.6333, the top 1\/3 of the 2 trials/) });
    const d = await judgeEpoch(handle.db, judges[3]!, 1, 0.55); // q([0.5, 0.6, 0.7]) = 0.6 + 1/3·0.1 = 0.6333
    expect(d.stop).toBe(true);
    const ladder = await handle.db.select().from(sweepRungValues).where(eq(sweepRungValues.sweepId, id)).orderBy(asc(sweepRungValues.createdAt));
    expect(ladder.map((r) => [r.value, r.promoted])).toEqual([[0.5, true], [0.7, true], [0.6, false], [0.55, false]]);
    expect(ladder[2]!.threshold).toBeCloseTo(0.5 + (2 / 3) * 0.2, 12);
    expect(ladder[3]!.threshold).toBeCloseTo(0.6 + (1 / 3) * 0.1, 12);
    const stopped = await handle.db.select().from(sweepTrials).where(eq(sweepTrials.id, trials[2]!.id));
    expect(stopped[0]).toMatchObject({ stoppedAtEpoch: 1, value: 0.6 });
    // A stopped trial is never judged again.
    expect(await judgeEpoch(handle.db, judges[2]!, 3, 0.9)).toEqual({ stop: false });
    await me.sweep.cancel({ teamId, sweepId: id });
    expect((await me.sweep.get({ teamId, sweepId: id })).trials.map((t) => t.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
  });

  it('retries a trial whose worker was lost once, then marks it failed and moves on; a restart resumes the sweep', async () => {
    const { me, teamId, splitId, defaults } = await moonsTeam(handle, 300);
    const boss = await servicesFor(handle).boss();
    const { id } = await me.sweep.create({ teamId, splitId, name: 'lost', baseConfig: base(defaults), definition: definition({ budget: { maxTrials: 2, maxEpochs: null, concurrency: 1 } }) });
    const trialOne = async () => (await handle.db.select().from(sweepTrials).where(eq(sweepTrials.sweepId, id)).orderBy(asc(sweepTrials.number)))[0]!;
    const first = await trialOne();
    const firstRun = first.runId!;
    await failRun(handle.db, { id: firstRun, teamId }, 'worker_lost', 'The worker stopped responding.');
    await advanceSweep(handle.db, boss, id);
    const retried = await trialOne();
    expect(retried).toMatchObject({ status: 'queued', attempts: 2 });
    expect(retried.runId).not.toBe(firstRun);
    expect(retried.reason).toMatch(/^Retried on run #\d+: The worker stopped responding/);
    await failRun(handle.db, { id: retried.runId!, teamId }, 'worker_lost', 'The worker stopped responding again.');
    await advanceSweep(handle.db, boss, id);
    expect(await trialOne()).toMatchObject({ status: 'failed', attempts: 2, reason: 'The worker stopped responding again.' });
    // The sweep moved on to its second trial; it was "training" when the app was killed.
    const second = (await handle.db.select().from(sweepTrials).where(eq(sweepTrials.sweepId, id)).orderBy(asc(sweepTrials.number)))[1]!;
    expect(second.status).toBe('queued');
    await handle.db.update(runs).set({ status: 'running', startedAt: new Date(), heartbeatAt: new Date() }).where(eq(runs.id, second.runId!));
    // The restart, as the embedded app boots: interrupted runs fail, then a worker starts and its timer resumes the sweep.
    if (!testDatabaseUrl) await failRunsInterruptedByRestart(handle.db);
    else await failRun(handle.db, { id: second.runId!, teamId }, 'restarted', 'Holdout restarted while this run was training.');
    let worker: WorkerRuntime | undefined;
    try {
      worker = await startTestWorker(handle, 'after-restart');
      // On PGlite the new worker's timer resumes the sweep by itself; on a PostgreSQL shared by test
      // files timers leave other files' sweeps alone (superviseSweeps), so this file plays the timer.
      if (testDatabaseUrl) await advanceSweep(handle.db, boss, id);
      const sweep = await waitForSweep(me, teamId, id, completed);
      expect(sweep.trials.map((t) => [t.status, t.attempts])).toEqual([['failed', 2], ['succeeded', 2]]);
      const [row] = await handle.db.select().from(sweeps).where(eq(sweeps.id, id));
      expect(row!.status).toBe('completed');
    } finally {
      await worker?.stop();
    }
  });
});
