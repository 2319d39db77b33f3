import 'server-only';
import { and, asc, count, desc, eq, isNull, max } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { datasets, datasetVersions, sealedSets, splits, users } from '@/db/schema';
import { DomainError } from '../../shared/errors';
import { sealPreview, sealSchema, type UnsealedTargetStats } from './sealing';
import type { ColumnType, DatasetSchema, TaskKind } from '../../shared/datasets/types';

export interface DatasetSummaryDto {
  id: string;
  name: string;
  description: string;
  latestVersion: number;
  rowCount: number;
  columnCount: number;
  taskKind: TaskKind;
  targetColumn: string;
  splitCount: number;
  createdByName: string | null;
  createdAt: Date;
  archivedAt: Date | null;
}

export async function listDatasets(db: Database, teamId: string, options: { includeArchived?: boolean } = {}): Promise<DatasetSummaryDto[]> {
  const latest = db
    .select({ datasetId: datasetVersions.datasetId, version: max(datasetVersions.version).as('latest_version') })
    .from(datasetVersions)
    .where(eq(datasetVersions.teamId, teamId))
    .groupBy(datasetVersions.datasetId)
    .as('latest');
  const splitCounts = db
    .select({ datasetId: datasetVersions.datasetId, n: count(splits.id).as('split_count') })
    .from(splits)
    .innerJoin(datasetVersions, eq(datasetVersions.id, splits.datasetVersionId))
    .where(eq(splits.teamId, teamId))
    .groupBy(datasetVersions.datasetId)
    .as('split_counts');
  const rows = await db
    .select({
      id: datasets.id,
      name: datasets.name,
      description: datasets.description,
      latestVersion: datasetVersions.version,
      rowCount: datasetVersions.rowCount,
      schema: datasetVersions.schema,
      taskKind: datasetVersions.taskKind,
      targetColumn: datasetVersions.targetColumn,
      splitCount: splitCounts.n,
      createdByName: users.name,
      createdAt: datasets.createdAt,
      archivedAt: datasets.archivedAt,
    })
    .from(datasets)
    .innerJoin(latest, eq(latest.datasetId, datasets.id))
    .innerJoin(datasetVersions, and(eq(datasetVersions.datasetId, datasets.id), eq(datasetVersions.version, latest.version)))
    .leftJoin(splitCounts, eq(splitCounts.datasetId, datasets.id))
    .leftJoin(users, eq(users.id, datasets.createdBy))
    .where(and(eq(datasets.teamId, teamId), options.includeArchived ? undefined : isNull(datasets.archivedAt)))
    .orderBy(desc(datasets.createdAt));
  return rows.map(({ schema, splitCount, ...row }) => ({
    ...row,
    columnCount: (schema as DatasetSchema).columns.length,
    splitCount: Number(splitCount ?? 0),
  }));
}

export interface SchemaChange {
  added: string[];
  removed: string[];
  retyped: { column: string; from: ColumnType; to: ColumnType }[];
  rowDelta: number;
}

export interface DatasetVersionSummaryDto {
  id: string;
  version: number;
  fileName: string;
  byteSize: number;
  contentHash: string;
  rowCount: number;
  targetColumn: string;
  taskKind: TaskKind;
  createdByName: string | null;
  createdAt: Date;
  /** Against the previous version; null for the first. */
  change: SchemaChange | null;
}

export async function getDataset(db: Database, teamId: string, datasetId: string) {
  const [dataset] = await db
    .select({ id: datasets.id, name: datasets.name, description: datasets.description, createdAt: datasets.createdAt, createdBy: datasets.createdBy, archivedAt: datasets.archivedAt })
    .from(datasets)
    .where(and(eq(datasets.id, datasetId), eq(datasets.teamId, teamId)));
  if (!dataset) throw new DomainError('NOT_FOUND', 'No such dataset in this team.');
  const rows = await db
    .select({
      id: datasetVersions.id,
      version: datasetVersions.version,
      fileName: datasetVersions.fileName,
      byteSize: datasetVersions.byteSize,
      contentHash: datasetVersions.contentHash,
      rowCount: datasetVersions.rowCount,
      targetColumn: datasetVersions.targetColumn,
      taskKind: datasetVersions.taskKind,
      schema: datasetVersions.schema,
      createdByName: users.name,
      createdAt: datasetVersions.createdAt,
    })
    .from(datasetVersions)
    .leftJoin(users, eq(users.id, datasetVersions.createdBy))
    .where(and(eq(datasetVersions.datasetId, datasetId), eq(datasetVersions.teamId, teamId)))
    .orderBy(asc(datasetVersions.version));
  const versions: DatasetVersionSummaryDto[] = rows.map(({ schema, ...row }, i) => {
    const previous = rows[i - 1];
    return { ...row, change: previous ? schemaChange(previous.schema as DatasetSchema, schema as DatasetSchema) : null };
  });
  return { ...dataset, versions: versions.reverse() };
}

export function schemaChange(before: DatasetSchema, after: DatasetSchema): SchemaChange {
  const old = new Map(before.columns.map((c) => [c.name, c.type]));
  const now = new Map(after.columns.map((c) => [c.name, c.type]));
  return {
    added: [...now.keys()].filter((name) => !old.has(name)),
    removed: [...old.keys()].filter((name) => !now.has(name)),
    retyped: [...now.entries()].filter(([name, type]) => old.has(name) && old.get(name) !== type).map(([column, to]) => ({ column, from: old.get(column)!, to })),
    rowDelta: after.rowCount - before.rowCount,
  };
}

export async function getDatasetVersion(db: Database, teamId: string, versionId: string) {
  const [row] = await db
    .select({
      id: datasetVersions.id,
      datasetId: datasetVersions.datasetId,
      datasetName: datasets.name,
      version: datasetVersions.version,
      fileName: datasetVersions.fileName,
      byteSize: datasetVersions.byteSize,
      contentHash: datasetVersions.contentHash,
      delimiter: datasetVersions.delimiter,
      rowCount: datasetVersions.rowCount,
      schema: datasetVersions.schema,
      preview: datasetVersions.preview,
      targetColumn: datasetVersions.targetColumn,
      taskKind: datasetVersions.taskKind,
      excludedColumns: datasetVersions.excludedColumns,
      source: datasetVersions.source,
      createdAt: datasetVersions.createdAt,
    })
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(and(eq(datasetVersions.id, versionId), eq(datasetVersions.teamId, teamId)));
  if (!row) throw new DomainError('NOT_FOUND', 'No such dataset version in this team.');
  const seal = await getSealSummary(db, teamId, versionId);
  return {
    ...row,
    schema: sealSchema(row.schema as DatasetSchema, row.targetColumn, { stats: seal?.targetStats ?? null, sealed: seal !== null }),
    preview: sealPreview(row.preview as { header: string[]; rows: string[][] }, row.targetColumn),
    seal: seal && { testCount: seal.testCount, sealedBySplitName: seal.sealedBySplitName, sealedAt: seal.createdAt, rowsHash: seal.rowsHash },
  };
}

/** The version's sealed set (fixed by its first split), or null while it has no split. */
export async function getSealSummary(db: Database, teamId: string, versionId: string) {
  const [seal] = await db
    .select({ testCount: sealedSets.testCount, sealedBySplitName: sealedSets.sealedBySplitName, createdAt: sealedSets.createdAt, rowsHash: sealedSets.rowsHash, targetStats: sealedSets.targetStats })
    .from(sealedSets)
    .where(and(eq(sealedSets.datasetVersionId, versionId), eq(sealedSets.teamId, teamId)));
  return seal ? { ...seal, targetStats: seal.targetStats as UnsealedTargetStats | null } : null;
}

/** Internal: storage keys included. Never returned to a client. */
export async function getVersionForServer(db: Database, teamId: string, versionId: string) {
  const [row] = await db.select().from(datasetVersions).where(and(eq(datasetVersions.id, versionId), eq(datasetVersions.teamId, teamId)));
  if (!row) throw new DomainError('NOT_FOUND', 'No such dataset version in this team.');
  return row;
}
