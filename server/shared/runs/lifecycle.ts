import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { runEpochs, runLogs, runs } from '@/db/schema';
import { recordRunOutcome } from '@/server/shared/collaboration/run-outcome';
import { notifyRunChange } from './notify';

/**
 * The run state machine, as the train handler drives it. Every transition is a conditional
 * update (`WHERE status = …`), so a cancel, a reconciler and a handler racing on one run
 * can't overwrite each other: whoever changes the state first wins, the others see 0 rows.
 */
export type RunRow = typeof runs.$inferSelect;

export async function claimRun(db: Database, runId: string, worker: { id: string; name: string }): Promise<RunRow | null> {
  const [row] = await db
    .update(runs)
    .set({ status: 'running', startedAt: sql`now()`, heartbeatAt: sql`now()`, workerId: worker.id, workerName: worker.name, attempt: sql`${runs.attempt} + 1` })
    .where(and(eq(runs.id, runId), eq(runs.status, 'queued'), sql`${runs.cancelRequestedAt} IS NULL`))
    .returning();
  if (row) await notifyRunChange(db, row.teamId, row.id, 'status');
  return row ?? null;
}

export async function recordEnvironment(db: Database, runId: string, env: { backend: string; device: string; tfjsVersion: string }): Promise<void> {
  await db.update(runs).set(env).where(and(eq(runs.id, runId), eq(runs.status, 'running')));
}

export interface EpochRecord {
  epoch: number;
  learningRate: number;
  trainLoss: number;
  devLoss: number;
  trainMetrics: Record<string, number>;
  devMetrics: Record<string, number>;
  epochMs: number;
  samplesPerSec: number;
}

/** The epoch row, the run's latest numbers and the notification commit together. */
export async function recordEpoch(db: Database, run: { id: string; teamId: string }, epoch: EpochRecord): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(runEpochs).values({ runId: run.id, ...epoch }).onConflictDoNothing();
    await tx
      .update(runs)
      .set({ epochsDone: sql`GREATEST(${runs.epochsDone}, ${epoch.epoch})`, heartbeatAt: sql`now()`, ...latestMetrics(epoch) })
      .where(eq(runs.id, run.id));
    await notifyRunChange(tx, run.teamId, run.id, 'epoch');
  });
}

function latestMetrics(epoch: { trainLoss: number | null; devLoss: number; trainMetrics: Record<string, number>; devMetrics: Record<string, number> }) {
  return {
    trainLoss: epoch.trainLoss,
    devLoss: epoch.devLoss,
    trainAccuracy: epoch.trainMetrics.accuracy ?? null,
    devAccuracy: epoch.devMetrics.accuracy ?? null,
    devMacroF1: epoch.devMetrics.macroF1 ?? null,
    trainRmse: epoch.trainMetrics.rmse ?? null,
    devRmse: epoch.devMetrics.rmse ?? null,
    devMae: epoch.devMetrics.mae ?? null,
    devR2: epoch.devMetrics.r2 ?? null,
  };
}

export async function recordLog(db: Database, run: { id: string; teamId: string }, level: string, message: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(runLogs).values({ runId: run.id, level, message: message.slice(0, 4000) });
    await notifyRunChange(tx, run.teamId, run.id, 'log');
  });
}

export async function heartbeatRun(db: Database, runId: string): Promise<{ cancelRequested: boolean }> {
  const [row] = await db
    .update(runs)
    .set({ heartbeatAt: sql`now()` })
    .where(and(eq(runs.id, runId), eq(runs.status, 'running')))
    .returning({ cancelRequestedAt: runs.cancelRequestedAt });
  return { cancelRequested: Boolean(row?.cancelRequestedAt) };
}

export interface RunSuccess {
  bestEpoch: number;
  stoppedEarly: boolean;
  paramCount: number;
  devLoss: number;
  devMetrics: Record<string, number>;
  confusionMatrix: number[][] | null;
  classes: string[];
  weightsBlobKey: string;
  weightsHash: string;
  devPredictionsBlobKey: string;
  preprocessing: unknown;
  trainingMs: number;
}

/** Final numbers are the best epoch's (the one whose weights were kept), train and dev alike. */
export async function completeRun(db: Database, run: { id: string; teamId: string }, result: RunSuccess): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [best] = await tx
      .select()
      .from(runEpochs)
      .where(and(eq(runEpochs.runId, run.id), eq(runEpochs.epoch, result.bestEpoch)));
    const final = best ?? { trainLoss: null, trainMetrics: {}, devLoss: result.devLoss, devMetrics: result.devMetrics };
    const [row] = await tx
      .update(runs)
      .set({
        status: 'succeeded',
        finishedAt: sql`now()`,
        bestEpoch: result.bestEpoch,
        stoppedEarly: result.stoppedEarly,
        paramCount: result.paramCount,
        confusionMatrix: result.confusionMatrix,
        classes: result.classes,
        weightsBlobKey: result.weightsBlobKey,
        weightsHash: result.weightsHash,
        devPredictionsBlobKey: result.devPredictionsBlobKey,
        preprocessing: result.preprocessing,
        trainingMs: Math.round(result.trainingMs),
        ...latestMetrics(final),
      })
      .where(and(eq(runs.id, run.id), eq(runs.status, 'running')))
      .returning({ id: runs.id });
    if (row) {
      await notifyRunChange(tx, run.teamId, run.id, 'status');
      await recordRunOutcome(tx, run, 'run.succeeded');
    }
    return Boolean(row);
  });
}

/** `external`: a script reporting through the API said its run failed. */
/** An external run's script said it finished: the dev numbers are whatever the server scored from its predictions. */
export async function completeExternalRun(db: Database, run: { id: string; teamId: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(runs)
      .set({ status: 'succeeded', finishedAt: sql`now()`, trainingMs: sql`(extract(epoch from now() - ${runs.startedAt}) * 1000)::bigint` })
      .where(and(eq(runs.id, run.id), eq(runs.origin, 'external'), eq(runs.status, 'running')))
      .returning({ id: runs.id });
    if (row) {
      await notifyRunChange(tx, run.teamId, run.id, 'status');
      await recordRunOutcome(tx, run, 'run.succeeded');
    }
    return Boolean(row);
  });
}

export type FailureKind = 'nan' | 'oom' | 'backend' | 'data' | 'internal' | 'crashed' | 'worker_lost' | 'restarted' | 'external';

export async function failRun(db: Database, run: { id: string; teamId: string }, kind: FailureKind, reason: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(runs)
      .set({ status: 'failed', failureKind: kind, failureReason: reason, finishedAt: sql`now()` })
      .where(and(eq(runs.id, run.id), inArray(runs.status, ['queued', 'running'])))
      .returning({ id: runs.id });
    if (row) {
      await notifyRunChange(tx, run.teamId, run.id, 'status');
      await recordRunOutcome(tx, run, 'run.failed');
    }
    return Boolean(row);
  });
}

export async function markCancelled(db: Database, run: { id: string; teamId: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(runs)
      .set({ status: 'cancelled', finishedAt: sql`now()` })
      .where(and(eq(runs.id, run.id), inArray(runs.status, ['queued', 'running'])))
      .returning({ id: runs.id });
    if (row) {
      await notifyRunChange(tx, run.teamId, run.id, 'status');
      await recordRunOutcome(tx, run, 'run.cancelled');
    }
    return Boolean(row);
  });
}

/**
 * Runs whose handler stopped heartbeating (its worker was killed or lost its host) end
 * `failed` with the reason: never stuck `running`. Every worker and web process runs this.
 */
export async function failLostRuns(db: Database, staleAfterSeconds: number): Promise<number> {
  const lost = await db
    .select({ id: runs.id, teamId: runs.teamId, workerName: runs.workerName })
    .from(runs)
    .where(and(eq(runs.status, 'running'), eq(runs.origin, 'trainer'), lt(runs.heartbeatAt, sql`now() - make_interval(secs => ${staleAfterSeconds})`)));
  let failed = 0;
  for (const run of lost) {
    const reason = `The worker${run.workerName ? ` ${run.workerName}` : ''} training this run stopped responding (no heartbeat for ${staleAfterSeconds} s). Every epoch it reported is kept; launch the run again to retrain.`;
    if (await failRun(db, run, 'worker_lost', reason)) failed++;
  }
  return failed;
}

/** Embedded mode: this process was the only worker, so any trainer run still `running` lost its trainer (external runs train elsewhere). */
export async function failRunsInterruptedByRestart(db: Database): Promise<number> {
  const running = await db.select({ id: runs.id, teamId: runs.teamId }).from(runs).where(and(eq(runs.status, 'running'), eq(runs.origin, 'trainer')));
  let failed = 0;
  for (const run of running) {
    if (await failRun(db, run, 'restarted', 'Holdout restarted while this run was training. Every epoch it reported is kept; launch it again to retrain.')) failed++;
  }
  return failed;
}
