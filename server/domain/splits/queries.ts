import 'server-only';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { datasets, datasetVersions, splits, users } from '@/db/schema';
import { sealGuidance } from '../datasets/sealing';
import { DomainError } from '../../shared/errors';
import type { SplitDefinition } from '../../shared/splits/assign-split';
import { devBaseline } from './baseline';
import { precisionGuidance, type SplitGuidance } from './guidance';

const summaryColumns = {
  id: splits.id,
  name: splits.name,
  strategy: splits.strategy,
  datasetId: datasets.id,
  datasetName: datasets.name,
  datasetVersionId: datasetVersions.id,
  datasetVersion: datasetVersions.version,
  taskKind: datasetVersions.taskKind,
  targetColumn: datasetVersions.targetColumn,
  manifestHash: splits.manifestHash,
  trainCount: splits.trainCount,
  devCount: splits.devCount,
  testCount: splits.testCount,
  humanLevelError: splits.humanLevelError,
  createdByName: users.name,
  createdAt: splits.createdAt,
  archivedAt: splits.archivedAt,
  createdById: splits.createdBy,
};

export async function listSplits(db: Database, teamId: string, filter: { datasetVersionId?: string; datasetId?: string; includeArchived?: boolean } = {}) {
  return db
    .select(summaryColumns)
    .from(splits)
    .innerJoin(datasetVersions, eq(datasetVersions.id, splits.datasetVersionId))
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .leftJoin(users, eq(users.id, splits.createdBy))
    .where(
      and(
        eq(splits.teamId, teamId),
        filter.datasetVersionId ? eq(splits.datasetVersionId, filter.datasetVersionId) : undefined,
        filter.datasetId ? eq(datasets.id, filter.datasetId) : undefined,
        filter.includeArchived ? undefined : isNull(splits.archivedAt),
      ),
    )
    .orderBy(desc(splits.createdAt));
}

export async function getSplit(db: Database, teamId: string, splitId: string) {
  const [row] = await db
    .select({ ...summaryColumns, definition: splits.definition, definitionHash: splits.definitionHash, guidance: splits.guidance, datasetContentHash: datasetVersions.contentHash })
    .from(splits)
    .innerJoin(datasetVersions, eq(datasetVersions.id, splits.datasetVersionId))
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .leftJoin(users, eq(users.id, splits.createdBy))
    .where(and(eq(splits.id, splitId), eq(splits.teamId, teamId)));
  if (!row) throw new DomainError('NOT_FOUND', 'No such split in this team.');
  // Precision depends only on the counts and the task: derived on read, so splits frozen before
  // it knew regression (and worded RMSE as accuracy) read right too.
  const counts = { train: row.trainCount, dev: row.devCount, test: row.testCount };
  const guidance = { ...sealGuidance(row.guidance as SplitGuidance), precision: precisionGuidance(counts, row.taskKind) };
  return { ...row, definition: row.definition as SplitDefinition, guidance, baseline: devBaseline(guidance.parts, row.taskKind) };
}

export async function setHumanLevelError(db: Database, teamId: string, splitId: string, value: number | null): Promise<void> {
  const [row] = await db
    .select({ taskKind: datasetVersions.taskKind })
    .from(splits)
    .innerJoin(datasetVersions, eq(datasetVersions.id, splits.datasetVersionId))
    .where(and(eq(splits.id, splitId), eq(splits.teamId, teamId)));
  if (!row) throw new DomainError('NOT_FOUND', 'No such split in this team.');
  if (value !== null && row.taskKind === 'classification' && value > 1) {
    throw new DomainError('BAD_INPUT', `Human-level error is an error rate between 0 and 1 for classification (got ${value}); 2% is 0.02.`);
  }
  await db.update(splits).set({ humanLevelError: value }).where(and(eq(splits.id, splitId), eq(splits.teamId, teamId)));
}
