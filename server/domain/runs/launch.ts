import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { fromDrizzle, type PgBoss } from 'pg-boss';
import type { Database } from '@/db/client';
import { datasetVersions, runs, splits, teams } from '@/db/schema';
import { POOL_PRIORITY, TRAIN_QUEUE, type TrainJob } from '@/server/shared/queue/queues';
import { recordActivity } from '@/server/shared/activity/record';
import { modelConfigSchemaFor, type ModelConfig } from '../../shared/runs/model-config';
import { DomainError } from '../../shared/errors';
import { notifyRunChange } from '../../shared/runs/notify';

/**
 * Creates the run row and its training job in one transaction: a run never exists without
 * its job, and a job never points at a run that was rolled back.
 */
export async function launchRun(
  db: Database,
  boss: PgBoss,
  input: { teamId: string; userId: string; splitId: string; config: unknown },
): Promise<{ id: string; number: number }> {
  const [split] = await db
    .select({
      id: splits.id,
      name: splits.name,
      manifestHash: splits.manifestHash,
      datasetVersionId: splits.datasetVersionId,
      taskKind: datasetVersions.taskKind,
      contentHash: datasetVersions.contentHash,
    })
    .from(splits)
    .innerJoin(datasetVersions, eq(datasetVersions.id, splits.datasetVersionId))
    .where(and(eq(splits.id, input.splitId), eq(splits.teamId, input.teamId)));
  if (!split) throw new DomainError('NOT_FOUND', 'No such split in this team.');
  const parsed = modelConfigSchemaFor(split.taskKind).safeParse(input.config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError('BAD_INPUT', `config.${issue.path.join('.')}: ${issue.message}`);
  }
  const config: ModelConfig = parsed.data;
  const pool = config.needsGpu ? 'gpu' : 'cpu';

  return db.transaction(async (tx) => {
    const [counter] = await tx
      .update(teams)
      .set({ runCounter: sql`${teams.runCounter} + 1` })
      .where(eq(teams.id, input.teamId))
      .returning({ value: teams.runCounter });
    const [run] = await tx
      .insert(runs)
      .values({
        teamId: input.teamId,
        number: counter!.value,
        splitId: split.id,
        datasetVersionId: split.datasetVersionId,
        createdBy: input.userId,
        config,
        seed: config.seed,
        pool,
        epochsPlanned: config.epochs,
        datasetHash: split.contentHash,
        splitHash: split.manifestHash,
      })
      .returning({ id: runs.id, number: runs.number });
    const job: TrainJob = { runId: run!.id, v: 1 };
    const jobId = await boss.send(TRAIN_QUEUE, job, { priority: POOL_PRIORITY[pool], db: fromDrizzle(tx as never, sql as never) });
    await tx.update(runs).set({ jobId }).where(eq(runs.id, run!.id));
    await notifyRunChange(tx, input.teamId, run!.id, 'status');
    await recordActivity(tx, { teamId: input.teamId, actorId: input.userId, kind: 'run.launched', runId: run!.id, splitId: split.id, payload: { runNumber: run!.number, splitName: split.name } });
    return run!;
  });
}
