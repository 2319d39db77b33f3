import 'server-only';
import { and, asc, desc, eq, gt, inArray, lt, or, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { datasets, datasetVersions, runEpochs, runLogs, runs, splits, users } from '@/db/schema';
import type { ModelConfig } from './model-config';
import { DomainError } from '../errors';

export type RunStatus = (typeof runs.$inferSelect)['status'];

const summaryColumns = {
  id: runs.id,
  number: runs.number,
  status: runs.status,
  splitId: runs.splitId,
  splitName: splits.name,
  datasetName: datasets.name,
  taskKind: datasetVersions.taskKind,
  createdById: runs.createdBy,
  createdByName: users.name,
  config: runs.config,
  pool: runs.pool,
  epochsDone: runs.epochsDone,
  epochsPlanned: runs.epochsPlanned,
  trainLoss: runs.trainLoss,
  devLoss: runs.devLoss,
  trainAccuracy: runs.trainAccuracy,
  devAccuracy: runs.devAccuracy,
  devMacroF1: runs.devMacroF1,
  trainRmse: runs.trainRmse,
  devRmse: runs.devRmse,
  devMae: runs.devMae,
  devR2: runs.devR2,
  backend: runs.backend,
  failureReason: runs.failureReason,
  createdAt: runs.createdAt,
  startedAt: runs.startedAt,
  finishedAt: runs.finishedAt,
};

export interface RunListFilter {
  splitId?: string;
  status?: RunStatus[];
  createdBy?: string;
  /** Cursor: the (createdAt, id) of the last row of the previous page. */
  cursor?: { createdAt: Date; id: string };
  limit: number;
}

export async function listRuns(db: Database, teamId: string, filter: RunListFilter) {
  const conditions: (SQL | undefined)[] = [
    eq(runs.teamId, teamId),
    filter.splitId ? eq(runs.splitId, filter.splitId) : undefined,
    filter.status?.length ? inArray(runs.status, filter.status) : undefined,
    filter.createdBy ? eq(runs.createdBy, filter.createdBy) : undefined,
    filter.cursor
      ? or(lt(runs.createdAt, filter.cursor.createdAt), and(eq(runs.createdAt, filter.cursor.createdAt), lt(runs.id, filter.cursor.id)))
      : undefined,
  ];
  const rows = await db
    .select(summaryColumns)
    .from(runs)
    .innerJoin(splits, eq(splits.id, runs.splitId))
    .innerJoin(datasetVersions, eq(datasetVersions.id, runs.datasetVersionId))
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .leftJoin(users, eq(users.id, runs.createdBy))
    .where(and(...conditions))
    .orderBy(desc(runs.createdAt), desc(runs.id))
    .limit(filter.limit + 1);
  const items = rows.slice(0, filter.limit).map((r) => ({ ...r, config: r.config as ModelConfig }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > filter.limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}

export type RunSummaryDto = Awaited<ReturnType<typeof listRuns>>['items'][number];

export async function getRun(db: Database, teamId: string, runId: string) {
  const [row] = await db
    .select({
      ...summaryColumns,
      datasetId: datasets.id,
      datasetVersionId: runs.datasetVersionId,
      datasetVersion: datasetVersions.version,
      humanLevelError: splits.humanLevelError,
      seed: runs.seed,
      datasetHash: runs.datasetHash,
      splitHash: runs.splitHash,
      device: runs.device,
      tfjsVersion: runs.tfjsVersion,
      workerName: runs.workerName,
      failureKind: runs.failureKind,
      paramCount: runs.paramCount,
      bestEpoch: runs.bestEpoch,
      stoppedEarly: runs.stoppedEarly,
      confusionMatrix: runs.confusionMatrix,
      classes: runs.classes,
      weightsHash: runs.weightsHash,
      hasWeights: runs.weightsBlobKey,
      trainingMs: runs.trainingMs,
      cancelRequestedAt: runs.cancelRequestedAt,
      devCount: splits.devCount,
    })
    .from(runs)
    .innerJoin(splits, eq(splits.id, runs.splitId))
    .innerJoin(datasetVersions, eq(datasetVersions.id, runs.datasetVersionId))
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .leftJoin(users, eq(users.id, runs.createdBy))
    .where(and(eq(runs.id, runId), eq(runs.teamId, teamId)));
  if (!row) throw new DomainError('NOT_FOUND', 'No such run in this team.');
  const { hasWeights, ...rest } = row;
  return { ...rest, config: row.config as ModelConfig, hasWeights: hasWeights !== null };
}

export type RunDto = Awaited<ReturnType<typeof getRun>>;

export async function assertRunInTeam(db: Database, teamId: string, runId: string): Promise<void> {
  const [row] = await db.select({ id: runs.id }).from(runs).where(and(eq(runs.id, runId), eq(runs.teamId, teamId)));
  if (!row) throw new DomainError('NOT_FOUND', 'No such run in this team.');
}

/** Epochs after `afterEpoch`, in order: a reconnecting client asks for what it missed. */
export async function listEpochs(db: Database, teamId: string, runId: string, afterEpoch = 0) {
  await assertRunInTeam(db, teamId, runId);
  return db
    .select({
      epoch: runEpochs.epoch,
      learningRate: runEpochs.learningRate,
      trainLoss: runEpochs.trainLoss,
      devLoss: runEpochs.devLoss,
      trainMetrics: runEpochs.trainMetrics,
      devMetrics: runEpochs.devMetrics,
      epochMs: runEpochs.epochMs,
      samplesPerSec: runEpochs.samplesPerSec,
    })
    .from(runEpochs)
    .where(and(eq(runEpochs.runId, runId), gt(runEpochs.epoch, afterEpoch)))
    .orderBy(asc(runEpochs.epoch));
}

export type EpochDto = Awaited<ReturnType<typeof listEpochs>>[number];

export async function listLogs(db: Database, teamId: string, runId: string, afterId = 0) {
  await assertRunInTeam(db, teamId, runId);
  return db
    .select({ id: runLogs.id, level: runLogs.level, message: runLogs.message, createdAt: runLogs.createdAt })
    .from(runLogs)
    .where(and(eq(runLogs.runId, runId), gt(runLogs.id, afterId)))
    .orderBy(asc(runLogs.id))
    .limit(1000);
}
