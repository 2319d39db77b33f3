/**
 * npm run bench:sweep — sweeps on a warm embedded instance (PGlite, the queue, a local worker and
 * its trainer children, as `npm start` runs them). Prints three tables:
 *
 * 1. Scheduler overhead: how long the worker sits idle between one trial's run ending and the
 *    next one starting (next run's startedAt − previous run's finishedAt), against the same gap for
 *    hand-launched runs queued back to back (the queue alone, no scheduler decision): median, p90.
 *    Target: sweep median < 200 ms.
 * 2. Search quality on the shipped UCI digits (64 pixels, 10 classes), goal dev loss, over
 *    --seeds sweep seeds: random search and TPE with --trials trials of --epochs epochs each (equal
 *    total epochs E), and random search with ASHA given the same E as an epoch budget. Reported:
 *    the best dev loss each reached (median over seeds), and for ASHA the share of E it spent
 *    before first matching random's best on the same seed. Targets: ASHA ≤ 0.5 of E; TPE's median
 *    best below random's.
 * 3. Trials per hour of these small networks on this machine.
 *
 * Flags: --seeds=5 --trials=20 --epochs=8 --gaps=12 (--overhead-only: table 1 alone). Runs with --conditions=react-server.
 */
import { median, quantile, table } from './bench-stats';
import os from 'node:os';
import { openEmbeddedInstance } from './embedded-instance';

const flag = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const SEEDS = flag('seeds', 5);
const TRIALS = flag('trials', 20);
const EPOCHS = flag('epochs', 8);
const GAPS = flag('gaps', 12);

const instance = await openEmbeddedInstance('sweep-bench');
const { handle, me, teamId, worker } = instance;
const { inArray } = await import('drizzle-orm');
const { runs } = await import('@/db/schema');

type Definition = Parameters<typeof me.sweep.create>[0]['definition'];
type Sweep = Awaited<ReturnType<typeof me.sweep.get>>;

async function waitDone(sweepId: string): Promise<Sweep> {
  for (;;) {
    const sweep = await me.sweep.get({ teamId, sweepId });
    if (sweep.status === 'completed' || sweep.status === 'cancelled') return sweep;
    await new Promise((r) => setTimeout(r, 200));
  }
}


/** Idle gaps of the worker: each run's start minus the previous run's end, in start order. */
async function idleGaps(runIds: string[]): Promise<number[]> {
  const rows = await handle.db.select({ startedAt: runs.startedAt, finishedAt: runs.finishedAt }).from(runs).where(inArray(runs.id, runIds));
  const ordered = rows.filter((r) => r.startedAt && r.finishedAt).sort((a, b) => a.startedAt!.getTime() - b.startedAt!.getTime());
  return ordered.slice(1).map((r, i) => r.startedAt!.getTime() - ordered[i]!.finishedAt!.getTime());
}

// ── 1. Scheduler overhead, on two moons with 2-epoch trials ─────────────────────────────────
const moons = await me.dataset.addExample({ teamId, example: { type: 'generated', params: { kind: 'moons', rows: 600, noise: 0.1, seed: 1, classes: 2 } } });
const moonsSplit = await me.split.freeze({ teamId, datasetVersionId: moons.versionId, name: 'moons', definition: { strategy: 'stratified', column: 'label', fractions: { train: 0.8, dev: 0.1, test: 0.1 }, seed: 1 }, humanLevelError: null });
const { config: moonsDefaults } = await me.run.defaults({ teamId, splitId: moonsSplit.id });
const tiny = { ...moonsDefaults, hiddenLayers: [{ units: 8, activation: 'relu' as const, dropout: 0 }], epochs: 2, batchSize: 64 };

// Warm-up: the trainer child's first start compiles; neither measurement should pay for it.
await me.run.launch({ teamId, splitId: moonsSplit.id, config: tiny });
const queued: string[] = [];
for (let i = 0; i < GAPS + 1; i++) queued.push((await me.run.launch({ teamId, splitId: moonsSplit.id, config: { ...tiny, seed: i } })).id);
for (;;) {
  const left = await handle.db.select({ id: runs.id }).from(runs).where(inArray(runs.status, ['queued', 'running']));
  if (left.length === 0) break;
  await new Promise((r) => setTimeout(r, 200));
}
const queueGaps = await idleGaps(queued);
const overheadSweep = await me.sweep.create({
  teamId,
  splitId: moonsSplit.id,
  name: 'overhead',
  baseConfig: tiny,
  definition: { goal: 'devAccuracy', strategy: 'random', space: { learningRate: { kind: 'logUniform', low: 1e-3, high: 1e-1 } }, earlyStop: { kind: 'off' }, replicates: 1, budget: { maxTrials: GAPS + 1, maxEpochs: null, concurrency: 1 }, seed: 1, warmStart: false },
});
const overhead = await waitDone(overheadSweep.id);
const sweepGaps = await idleGaps(overhead.trials.map((t) => t.runId!).filter(Boolean));
console.log('Scheduler overhead (worker idle between two runs; one worker, concurrency 1)\n');
table([
  ['runs', 'median', 'p90', 'max', 'n'],
  ['hand-launched, queued back to back (queue only)', `${quantile(queueGaps, 0.5).toFixed(0)} ms`, `${quantile(queueGaps, 0.9).toFixed(0)} ms`, `${Math.max(...queueGaps).toFixed(0)} ms`, String(queueGaps.length)],
  ['sweep trials (scheduler decides the next)', `${quantile(sweepGaps, 0.5).toFixed(0)} ms`, `${quantile(sweepGaps, 0.9).toFixed(0)} ms`, `${Math.max(...sweepGaps).toFixed(0)} ms`, String(sweepGaps.length)],
  ['ratio sweep / queue (median)', `${(quantile(sweepGaps, 0.5) / Math.max(1, quantile(queueGaps, 0.5))).toFixed(2)}×`, '', '', ''],
]);

if (process.argv.includes('--overhead-only')) {
  await instance.close();
  process.exit(0);
}

// ── 2. Search quality on digits ──────────────────────────────────────────────────────────
const digits = await me.dataset.addExample({ teamId, example: { type: 'shipped', key: 'digits' } });
const digitsSplit = await me.split.freeze({ teamId, datasetVersionId: digits.versionId, name: 'digits', definition: { strategy: 'stratified', column: 'label', fractions: { train: 0.7, dev: 0.15, test: 0.15 }, seed: 1 }, humanLevelError: null });
const { config: digitsDefaults } = await me.run.defaults({ teamId, splitId: digitsSplit.id });
const digitsBase = { ...digitsDefaults, hiddenLayers: [{ units: 32, activation: 'relu' as const, dropout: 0 }], epochs: EPOCHS, batchSize: 64, earlyStopping: { ...digitsDefaults.earlyStopping, enabled: false } };
const space: Definition['space'] = {
  learningRate: { kind: 'logUniform', low: 1e-4, high: 1 },
  units: { kind: 'int', low: 4, high: 256, log: true },
  l2: { kind: 'logUniform', low: 1e-6, high: 1e-1 },
};
const totalEpochs = TRIALS * EPOCHS;
const common = { goal: 'devLoss' as const, space, replicates: 1, warmStart: false };

interface Outcome {
  best: number;
  epochs: number;
  wallMs: number;
  trials: number;
  /** Cumulative epochs (in the order trials ended) and the best fully trained value so far. */
  path: { epochs: number; best: number }[];
}

function outcomeOf(sweep: Sweep, wallMs: number): Outcome {
  const ended = sweep.trials.filter((t) => t.finishedAt).sort((a, b) => a.finishedAt!.getTime() - b.finishedAt!.getTime());
  let epochs = 0;
  let best = Number.POSITIVE_INFINITY;
  const path: Outcome['path'] = [];
  for (const t of ended) {
    epochs += t.epochsDone;
    if (t.status === 'succeeded' && t.value !== null && Number.isFinite(t.value)) best = Math.min(best, t.value);
    path.push({ epochs, best });
  }
  return { best, epochs, wallMs, trials: ended.length, path };
}

async function sweepOnce(name: string, definition: Definition): Promise<Outcome> {
  const started = Date.now();
  const { id } = await me.sweep.create({ teamId, splitId: digitsSplit.id, name, baseConfig: digitsBase, definition });
  const sweep = await waitDone(id);
  return outcomeOf(sweep, Date.now() - started);
}

const results: { seed: number; random: Outcome; tpe: Outcome; asha: Outcome }[] = [];
for (let seed = 1; seed <= SEEDS; seed++) {
  const random = await sweepOnce(`random ${seed}`, { ...common, strategy: 'random', earlyStop: { kind: 'off' }, budget: { maxTrials: TRIALS, maxEpochs: null, concurrency: 1 }, seed });
  const tpe = await sweepOnce(`tpe ${seed}`, { ...common, strategy: 'tpe', earlyStop: { kind: 'off' }, budget: { maxTrials: TRIALS, maxEpochs: null, concurrency: 1 }, seed });
  const asha = await sweepOnce(`asha ${seed}`, {
    ...common,
    strategy: 'random',
    earlyStop: { kind: 'asha', gracePeriod: 1, reductionFactor: 3 },
    budget: { maxTrials: Math.min(1000, TRIALS * EPOCHS), maxEpochs: totalEpochs, concurrency: 1 },
    seed,
  });
  results.push({ seed, random, tpe, asha });
  console.error(`[bench] seed ${seed}: random ${random.best.toFixed(4)}, tpe ${tpe.best.toFixed(4)}, asha ${asha.best.toFixed(4)} (${asha.trials} trials)`);
}

/** Share of E ASHA spent before its best fully trained trial first matched random's best on the same seed (∞ if never). */
const ashaShare = results.map(({ random, asha }) => {
  const hit = asha.path.find((p) => p.best <= random.best);
  return hit ? hit.epochs / totalEpochs : Number.POSITIVE_INFINITY;
});
console.log(`Search quality: UCI digits, goal dev loss (lower is better), ${SEEDS} sweep seeds, ${TRIALS} trials × ${EPOCHS} epochs = ${totalEpochs} epochs each\n`);
table([
  ['strategy', 'median best dev loss', 'best per seed', 'epochs trained (median)', 'trials (median)'],
  ...(['random', 'tpe', 'asha'] as const).map((k) => [
    k === 'asha' ? 'random + ASHA (η 3, grace 1), same epoch budget' : k === 'tpe' ? 'TPE' : 'random',
    median(results.map((r) => r[k].best)).toFixed(4),
    results.map((r) => r[k].best.toFixed(3)).join(' '),
    String(median(results.map((r) => r[k].epochs))),
    String(median(results.map((r) => r[k].trials))),
  ]),
]);
table([
  ['check', 'value', 'target'],
  ['ASHA: share of the epochs random used, to reach random’s best (median over seeds)', ashaShare.map((s) => (Number.isFinite(s) ? s.toFixed(2) : 'never')).join(' ') + ` → median ${Number.isFinite(median(ashaShare)) ? median(ashaShare).toFixed(2) : 'never'}`, '≤ 0.50'],
  ['TPE median best / random median best', (median(results.map((r) => r.tpe.best)) / median(results.map((r) => r.random.best))).toFixed(3), '< 1'],
  ['TPE beats random on … of the seeds', `${results.filter((r) => r.tpe.best < r.random.best).length}/${SEEDS}`, ''],
]);

// ── 3. Trials per hour ──────────────────────────────────────────────────────────────────
const perHour = (o: Outcome) => (o.trials / o.wallMs) * 3_600_000;
table([
  ['trials per hour on this machine', 'median', 'n sweeps'],
  [`digits MLP, ${EPOCHS} epochs, no early stopping`, median(results.map((r) => perHour(r.random))).toFixed(0), String(SEEDS)],
  ['digits MLP with ASHA (most trials stop at rung 1 or 3)', median(results.map((r) => perHour(r.asha))).toFixed(0), String(SEEDS)],
]);
console.log(`backend ${worker.backend}, ${os.availableParallelism()} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

await instance.close();
process.exit(0);
