import { and, eq, sql } from 'drizzle-orm';
import { fromDrizzle, type PgBoss } from 'pg-boss';
import type { Database } from '@/db/client';
import { datasetVersions, runs, splits, teams } from '@/db/schema';
import { POOL_PRIORITY, TRAIN_QUEUE, type TrainJob } from '@/server/shared/queue/queues';
import { recordActivity } from '@/server/shared/activity/record';
import type { ModelConfig, TaskKind } from './model-config';
import { notifyRunChange } from './notify';


export interface RunSplit {
  id: string;
  name: string;
  manifestHash: string;
  datasetVersionId: string;
  contentHash: string;
  taskKind: TaskKind;
  /** An archived split takes no new runs or sweeps (trials of sweeps already running still train). */
  archivedAt: Date | null;
}

/** What a run records about the split it trains on (its hashes, for reproducibility); null if the team has no such split. */
export async function runSplitOf(db: Database, teamId: string, splitId: string): Promise<RunSplit | null> {
  const [split] = await db
    .select({
      id: splits.id,
      name: splits.name,
      manifestHash: splits.manifestHash,
      datasetVersionId: splits.datasetVersionId,
      contentHash: datasetVersions.contentHash,
      taskKind: datasetVersions.taskKind,
      archivedAt: splits.archivedAt,
    })
    .from(splits)
    .innerJoin(datasetVersions, eq(datasetVersions.id, splits.datasetVersionId))
    .where(and(eq(splits.id, splitId), eq(splits.teamId, teamId)));
  return split ?? null;
}

/** The columns of a run row its creator decides; the number, split and hashes come from insertRunRow. */
type RunRowValues = Omit<typeof runs.$inferInsert, 'id' | 'teamId' | 'number' | 'splitId' | 'datasetVersionId' | 'createdBy' | 'datasetHash' | 'splitHash'>;

/**
 * Numbers and inserts a run row on `split` inside the caller's transaction: the one place a run's
 * number, split and reproducibility hashes are set, for trainer runs (below) and external runs
 * (server/domain/runs/external.ts) alike.
 */
export async function insertRunRow(
  tx: Database,
  input: { teamId: string; userId: string | null; split: RunSplit; values: RunRowValues },
): Promise<{ id: string; number: number }> {
  const [counter] = await tx
    .update(teams)
    .set({ runCounter: sql`${teams.runCounter} + 1` })
    .where(eq(teams.id, input.teamId))
    .returning({ value: teams.runCounter });
  const [row] = await tx
    .insert(runs)
    .values({
      ...input.values,
      teamId: input.teamId,
      number: counter!.value,
      splitId: input.split.id,
      datasetVersionId: input.split.datasetVersionId,
      createdBy: input.userId,
      datasetHash: input.split.contentHash,
      splitHash: input.split.manifestHash,
    })
    .returning({ id: runs.id, number: runs.number });
  return row!;
}

/**
 * Inserts a run row and its training job inside the caller's transaction: a run never exists
 * without its job, and a job never points at a run that was rolled back. The one way a trainer run
 * is created, by a person (server/domain/runs/launch.ts) or by a sweep's scheduler (in any worker).
 */
export async function insertRunWithJob(
  tx: Database,
  boss: PgBoss,
  input: { teamId: string; userId: string | null; split: RunSplit; config: ModelConfig; /** A sweep's trials stay out of the activity feed (the sweep itself is one entry). */ quiet?: boolean },
): Promise<{ id: string; number: number }> {
  const { split, config } = input;
  const pool = config.needsGpu ? 'gpu' : 'cpu';
  const run = await insertRunRow(tx, { teamId: input.teamId, userId: input.userId, split, values: { config, seed: config.seed, pool, epochsPlanned: config.epochs } });
  const job: TrainJob = { runId: run.id, v: 1 };
  const jobId = await boss.send(TRAIN_QUEUE, job, { priority: POOL_PRIORITY[pool], db: fromDrizzle(tx as never, sql as never) });
  await tx.update(runs).set({ jobId }).where(eq(runs.id, run.id));
  await notifyRunChange(tx, input.teamId, run.id, 'status');
  if (!input.quiet) await recordActivity(tx, { teamId: input.teamId, actorId: input.userId, kind: 'run.launched', runId: run.id, splitId: split.id, payload: { runNumber: run.number, splitName: split.name } });
  return run;
}
