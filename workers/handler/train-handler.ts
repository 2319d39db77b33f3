import crypto from 'node:crypto';
import type { Job, PgBoss } from 'pg-boss';
import type { Database } from '../../db/client';
import { trainJobSchema } from '../../server/shared/queue/queues';
import type { BlobStore } from '../../server/shared/storage/blob-store';
import {
  claimRun,
  completeRun,
  failRun,
  heartbeatRun,
  markCancelled,
  recordEnvironment,
  recordEpoch,
  recordLog,
  type RunRow,
} from '../../server/shared/runs/lifecycle';
import { modelConfigSchema } from '../../server/shared/runs/model-config';
import { loadTrainingData, type TrainingData } from '../../server/shared/runs/training-data';
import { defaultPreprocessingSpec } from '../../server/shared/tabular';
import type { DoneMessage } from '../../server/shared/ipc-protocol';
import { goalOfEpoch } from '../../server/shared/sweeps/definition';
import { better, judgeEpoch, trialOfRun, type TrialJudge } from '../../server/shared/sweeps/judge';
import { advanceSweep } from '../../server/shared/sweeps/scheduler';
import type { TrainerPool } from './trainer-pool';

export interface HandlerDeps {
  db: Database;
  /** The queue, for a sweep's next trial when this one ends. */
  boss: PgBoss;
  blobs: BlobStore;
  worker: { id: string; name: string };
  trainers: TrainerPool;
  onRunStart?: (runId: string) => void;
  onRunEnd?: (runId: string) => void;
}

const HEARTBEAT_MS = 1_000;

/**
 * One training job: claim the run, hand its data to a trainer child, record every epoch as it
 * arrives, and end the run in exactly one terminal state. Decides explicitly what to do with
 * every failure: the run is marked failed with a reason; the job itself completes (no retry).
 */
export async function handleTrainJob(deps: HandlerDeps, job: Job<unknown>): Promise<void> {
  const payload = trainJobSchema.safeParse(job.data);
  if (!payload.success) {
    console.error(`[worker] ignoring malformed train job ${job.id}: ${payload.error.message}`);
    return;
  }
  const run = await claimRun(deps.db, payload.data.runId, deps.worker);
  if (!run) return; // Cancelled before it started, or already handled.
  deps.onRunStart?.(run.id);
  // A sweep's trial is looked up once: judged each epoch, and its sweep advanced when it ends.
  const trial = await trialOfRun(deps.db, run.id).catch((error) => {
    console.error(`[worker] could not read the sweep trial of run ${run.id}`, error);
    return null;
  });
  try {
    await train(deps, run, trial, job.signal);
  } catch (error) {
    console.error(`[worker] run ${run.id} failed unexpectedly`, error);
    await failRun(deps.db, run, 'internal', 'The worker hit an unexpected error while training this run; it has been logged.');
  } finally {
    deps.onRunEnd?.(run.id);
  }
  // A sweep's trial ended: its scheduler decides what trains next, here and now rather than at the next timer.
  if (trial) await advanceSweep(deps.db, deps.boss, trial.sweepId).catch((error: unknown) => console.error(`[worker] sweep scheduling after run ${run.id} failed`, error));
}

async function train(deps: HandlerDeps, run: RunRow, trial: TrialJudge | null, signal: AbortSignal): Promise<void> {
  const { db } = deps;
  let data: TrainingData;
  try {
    data = await loadTrainingData(db, deps.blobs, run);
  } catch (error) {
    await failRun(db, run, 'data', `The training data could not be prepared: ${(error as Error).message}`);
    return;
  }
  const trainer = deps.trainers.take();
  let ready;
  try {
    ready = await trainer.ready;
  } catch (error) {
    await failRun(db, run, 'backend', `The trainer could not start: ${(error as Error).message}`);
    return;
  }
  await recordEnvironment(db, run.id, { backend: ready.backendChoice, device: ready.device, tfjsVersion: ready.tfjsVersion });
  for (const skipped of data.skipped) await recordLog(db, run, 'info', `Column "${skipped.column}" not used as a feature: ${skipped.reason}.`);

  // Database writes in arrival order, off the trainer's critical path.
  let writes: Promise<unknown> = Promise.resolve();
  const enqueue = (write: () => Promise<unknown>) => (writes = writes.then(write).catch((e) => console.error('[worker] write failed', e)));
  let cancelling = false;
  const cancel = () => {
    if (cancelling) return;
    cancelling = true;
    void trainer.cancel(2_000);
  };
  // A sweep's trial: its best goal value is recorded each epoch, and its sweep's rule may stop it.
  let bestSoFar: number | null = null;
  const judge = async (m: { epoch: number; devLoss: number; devMetrics: Record<string, number> }) => {
    if (!trial || cancelling) return;
    bestSoFar = better(trial.direction, bestSoFar, goalOfEpoch(trial.goal, m));
    const verdict = await judgeEpoch(db, trial, m.epoch, bestSoFar);
    if (!verdict.stop) return;
    await recordLog(db, run, 'info', verdict.message);
    cancel();
  };
  trainer.listen({
    onEpoch: (m) =>
      enqueue(async () => {
        await recordEpoch(db, run, {
          epoch: m.epoch,
          learningRate: m.learningRate,
          trainLoss: m.trainLoss,
          devLoss: m.devLoss,
          trainMetrics: m.trainMetrics,
          devMetrics: m.devMetrics,
          epochMs: m.epochMs,
          samplesPerSec: m.samplesPerSec,
        });
        await judge(m);
      }),
    onLog: (m) => enqueue(() => recordLog(db, run, m.level, m.message)),
  });

  signal.addEventListener('abort', cancel);
  // pg-boss aborts the signal on cancel, but only at its own heartbeat; our flag is read every second.
  const heartbeat = setInterval(() => {
    void heartbeatRun(db, run.id).then(({ cancelRequested }) => cancelRequested && cancel(), () => undefined);
  }, HEARTBEAT_MS);

  try {
    const config = modelConfigSchema.parse(run.config);
    const outcome = await trainer.start({
      runId: run.id,
      taskKind: data.taskKind,
      classes: data.classes,
      config,
      preprocessing: defaultPreprocessingSpec,
      train: data.train,
      dev: data.dev,
    });
    await writes;
    if (outcome.type === 'done') await complete(deps, run, data, outcome);
    else if (outcome.type === 'cancelled' || cancelling) {
      await recordLog(db, run, 'info', 'Cancelled: training stopped at the end of the epoch in progress; every epoch reported is kept (the weights are not).');
      await markCancelled(db, run);
    }
    else await failRun(db, run, outcome.kind, capitalize(outcome.reason) + (outcome.epoch ? ` (epoch ${outcome.epoch})` : ''));
  } finally {
    clearInterval(heartbeat);
    signal.removeEventListener('abort', cancel);
    await trainer.close().catch(() => trainer.kill());
  }
}

async function complete(deps: HandlerDeps, run: RunRow, data: TrainingData, done: DoneMessage): Promise<void> {
  const weightsJson = Buffer.from(JSON.stringify(done.weights));
  const weights = await deps.blobs.put(weightsJson);
  const predictions = await deps.blobs.put(Buffer.from(JSON.stringify(serializePredictions(done, data))));
  await completeRun(deps.db, run, {
    bestEpoch: done.bestEpoch,
    stoppedEarly: done.stoppedEarly,
    paramCount: done.paramCount,
    devLoss: done.devLoss,
    devMetrics: done.devMetrics,
    confusionMatrix: done.confusionMatrix,
    classes: data.classes,
    weightsBlobKey: weights.key,
    weightsHash: crypto.createHash('sha256').update(weightsJson).digest('hex'),
    devPredictionsBlobKey: predictions.key,
    preprocessing: done.preprocessing,
    trainingMs: done.trainingMs,
  });
}

/** Dev predictions by dataset row, so compare views can line two runs up example by example. */
function serializePredictions(done: DoneMessage, data: TrainingData) {
  const p = done.devPredictions;
  const rows = Array.from(data.devRows);
  if (p.kind === 'classification') return { kind: p.kind, rows, predicted: Array.from(p.predicted), actual: Array.from(data.dev.target) };
  return { kind: p.kind, rows, predicted: Array.from(p.values), actual: Array.from(data.dev.target) };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
