import 'server-only';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { datasetDrafts, datasets, datasetVersions } from '@/db/schema';
import type { BlobStore } from '@/server/shared/storage/blob-store';
import { recordActivity } from '@/server/shared/activity/record';
import { DomainError } from '../../shared/errors';
import { decodeColumnStore, encodeColumnStore } from '../../shared/datasets/column-store';
import type { ColumnOverride } from '../../shared/datasets/column-overrides';
import { applyColumnOverrides } from './column-overrides';
import { getDraftRow } from './drafts';
import { assertValidTarget } from '../../shared/datasets/target';
import type { DatasetSchema, TaskKind, TypedColumn } from '../../shared/datasets/types';

export interface RegisterInput {
  teamId: string;
  userId: string;
  draftId: string;
  /** A new dataset by this name, or a new version of an existing dataset. */
  dataset: { kind: 'new'; name: string; description: string } | { kind: 'existing'; datasetId: string };
  targetColumn: string;
  taskKind: TaskKind;
  excludedColumns: string[];
  /** Schema fixes (renames, integers as categories); target and exclusions name the columns as renamed. */
  columnOverrides?: ColumnOverride[];
}

export async function registerDraft(db: Database, blobs: BlobStore, input: RegisterInput): Promise<{ datasetId: string; versionId: string; version: number }> {
  const draft = await getDraftRow(db, input.teamId, input.userId, input.draftId);
  const decodedDraft = decodeColumnStore(await blobs.getBuffer(draft.columnarBlobKey)).columns;
  const fixed = applyColumnOverrides(draft.schema as DatasetSchema, decodedDraft, draft.preview as { header: string[]; rows: string[][] }, input.columnOverrides ?? []);
  const schema = fixed.schema;
  // A fixed schema is a new column store (names and codes changed); the raw file stays the one uploaded.
  const columnarBlobKey = fixed.changed ? (await blobs.put(encodeColumnStore(fixed.columns as TypedColumn[]))).key : draft.columnarBlobKey;
  const names = new Set(schema.columns.map((c) => c.name));
  for (const name of input.excludedColumns) {
    if (!names.has(name)) throw new DomainError('BAD_INPUT', `Cannot exclude ${JSON.stringify(name)}: the file has no such column.`);
  }
  if (input.excludedColumns.includes(input.targetColumn)) {
    throw new DomainError('BAD_INPUT', `The target ${JSON.stringify(input.targetColumn)} cannot also be excluded.`);
  }
  assertValidTarget(schema, fixed.columns as TypedColumn[], input.targetColumn, input.taskKind);
  if (schema.columns.length - input.excludedColumns.length < 2) {
    throw new DomainError('BAD_INPUT', 'Keep at least one feature column besides the target.');
  }

  return db.transaction(async (tx) => {
    let datasetId: string;
    if (input.dataset.kind === 'new') {
      const [taken] = await tx
        .select({ id: datasets.id })
        .from(datasets)
        .where(and(eq(datasets.teamId, input.teamId), eq(datasets.name, input.dataset.name), isNull(datasets.archivedAt)));
      if (taken) {
        throw new DomainError('CONFLICT', `This team already has a dataset named ${JSON.stringify(input.dataset.name)}. Upload it as a new version, or pick another name.`);
      }
      const [created] = await tx
        .insert(datasets)
        .values({ teamId: input.teamId, name: input.dataset.name, description: input.dataset.description, createdBy: input.userId })
        .returning({ id: datasets.id });
      datasetId = created!.id;
    } else {
      const [existing] = await tx
        .select({ id: datasets.id })
        .from(datasets)
        .where(and(eq(datasets.id, input.dataset.datasetId), eq(datasets.teamId, input.teamId)))
        .for('update');
      if (!existing) throw new DomainError('NOT_FOUND', 'No such dataset in this team.');
      datasetId = existing.id;
    }
    const [latest] = await tx
      .select({ version: datasetVersions.version, contentHash: datasetVersions.contentHash, targetColumn: datasetVersions.targetColumn })
      .from(datasetVersions)
      .where(eq(datasetVersions.datasetId, datasetId))
      .orderBy(desc(datasetVersions.version))
      .limit(1);
    if (latest && latest.contentHash === draft.contentHash && latest.targetColumn === input.targetColumn) {
      throw new DomainError('CONFLICT', `Version ${latest.version} already has exactly this file (SHA-256 ${draft.contentHash.slice(0, 12)}…) and target; nothing changed.`);
    }
    const version = (latest?.version ?? 0) + 1;
    const [created] = await tx
      .insert(datasetVersions)
      .values({
        datasetId,
        teamId: input.teamId,
        version,
        fileName: draft.fileName,
        byteSize: draft.byteSize,
        contentHash: draft.contentHash,
        rawBlobKey: draft.rawBlobKey,
        columnarBlobKey,
        delimiter: draft.delimiter,
        rowCount: draft.rowCount,
        schema,
        preview: fixed.preview,
        targetColumn: input.targetColumn,
        taskKind: input.taskKind,
        excludedColumns: input.excludedColumns,
        source: draft.source,
        createdBy: input.userId,
      })
      .returning({ id: datasetVersions.id });
    await tx.delete(datasetDrafts).where(eq(datasetDrafts.id, draft.id));
    const [named] = await tx.select({ name: datasets.name }).from(datasets).where(eq(datasets.id, datasetId));
    await recordActivity(tx, { teamId: input.teamId, actorId: input.userId, kind: 'dataset.registered', payload: { datasetId, datasetName: named?.name ?? null, versionId: created!.id, version } });
    return { datasetId, versionId: created!.id, version };
  });
}
