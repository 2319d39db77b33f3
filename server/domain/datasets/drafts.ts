import 'server-only';
import { PassThrough } from 'node:stream';
import { and, eq, lt, or } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { datasetDrafts, datasetVersions } from '@/db/schema';
import type { BlobStore } from '@/server/shared/storage/blob-store';
import { DomainError } from '../../shared/errors';
import { encodeColumnStore } from '../../shared/datasets/column-store';
import { ingestDelimitedFile, type IngestInput } from './ingest';
import { suggestTaskKind } from '../../shared/datasets/target';
import type { DatasetSchema, TaskKind } from '../../shared/datasets/types';

export interface DraftDto {
  id: string;
  fileName: string;
  byteSize: number;
  contentHash: string;
  delimiter: string;
  rowCount: number;
  schema: DatasetSchema;
  preview: { header: string[]; rows: string[][] };
  warnings: string[];
  /** The last column that can be a target, and the task it suggests. */
  suggestedTarget: { column: string; taskKind: TaskKind } | null;
  createdAt: Date;
}

/**
 * Streams an upload once: the bytes go to the blob store (content-addressed) while the same
 * chunks are parsed into typed columns. A bad file throws before anything is recorded; its
 * raw blob, if written, is removed again.
 */
export async function createDraft(
  db: Database,
  blobs: BlobStore,
  input: { teamId: string; userId: string; fileName: string; body: IngestInput; maxBytes: number; source?: Record<string, unknown> },
): Promise<DraftDto> {
  const tee = new PassThrough({ highWaterMark: 1 << 20 });
  const stored = blobs.put(tee, { maxBytes: input.maxBytes });
  stored.catch(() => undefined);
  let ingest;
  try {
    ingest = await ingestDelimitedFile(teeInto(input.body, tee), { fileName: input.fileName, maxBytes: input.maxBytes });
  } catch (error) {
    tee.destroy();
    const raw = await stored.catch(() => null);
    if (raw?.created) await blobs.delete(raw.key).catch(() => undefined);
    throw error;
  }
  tee.end();
  const raw = await stored;
  const columnar = await blobs.put(encodeColumnStore(ingest.columns));
  const [row] = await db
    .insert(datasetDrafts)
    .values({
      teamId: input.teamId,
      createdBy: input.userId,
      fileName: ingest.displayName,
      byteSize: ingest.byteSize,
      contentHash: ingest.sha256,
      rawBlobKey: raw.key,
      columnarBlobKey: columnar.key,
      delimiter: ingest.delimiter,
      rowCount: ingest.rowCount,
      schema: ingest.schema,
      preview: ingest.preview,
      warnings: ingest.warnings,
      source: input.source ?? { kind: 'upload' },
    })
    .returning();
  return toDraftDto(row!);
}

/** Passes each chunk to the blob writer (respecting its backpressure) before the parser sees it. */
async function* teeInto(body: IngestInput, tee: PassThrough): AsyncGenerator<Buffer> {
  for await (const raw of body as AsyncIterable<Buffer | Uint8Array | string>) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    if (!tee.write(chunk)) await new Promise((resolve) => tee.once('drain', resolve));
    yield chunk;
  }
}

export function toDraftDto(row: typeof datasetDrafts.$inferSelect): DraftDto {
  const schema = row.schema as DatasetSchema;
  const candidates = schema.columns.map((c) => ({ column: c.name, taskKind: suggestTaskKind(c) })).filter((c) => c.taskKind !== null);
  const last = candidates.at(-1);
  return {
    id: row.id,
    fileName: row.fileName,
    byteSize: row.byteSize,
    contentHash: row.contentHash,
    delimiter: row.delimiter,
    rowCount: row.rowCount,
    schema,
    preview: row.preview as DraftDto['preview'],
    warnings: row.warnings,
    suggestedTarget: last ? { column: last.column, taskKind: last.taskKind! } : null,
    createdAt: row.createdAt,
  };
}

/** A draft is its uploader's alone until registered. */
export async function getDraftRow(db: Database, teamId: string, userId: string, draftId: string) {
  const [row] = await db
    .select()
    .from(datasetDrafts)
    .where(and(eq(datasetDrafts.id, draftId), eq(datasetDrafts.teamId, teamId), eq(datasetDrafts.createdBy, userId)));
  if (!row) throw new DomainError('NOT_FOUND', 'That upload is not waiting for you any more (it was registered or discarded). Upload the file again.');
  return row;
}

export async function discardDraft(db: Database, teamId: string, userId: string, draftId: string): Promise<void> {
  await getDraftRow(db, teamId, userId, draftId);
  await db.delete(datasetDrafts).where(and(eq(datasetDrafts.id, draftId), eq(datasetDrafts.teamId, teamId)));
}

/** A draft nobody registered or discarded within this many days is abandoned. */
export const DRAFT_EXPIRY_DAYS = 7;

/**
 * Removes abandoned drafts and the blobs only they used (a registered version may share a blob by
 * content, and keeps it). Runs with each upload, so it needs no scheduler; returns how many went.
 */
export async function removeAbandonedDrafts(db: Database, blobs: BlobStore, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - DRAFT_EXPIRY_DAYS * 86_400_000);
  const gone = await db.delete(datasetDrafts).where(lt(datasetDrafts.createdAt, cutoff)).returning({ raw: datasetDrafts.rawBlobKey, columnar: datasetDrafts.columnarBlobKey });
  const keys = [...new Set(gone.flatMap((d) => [d.raw, d.columnar]))];
  for (const key of keys) {
    const [usedByVersion] = await db
      .select({ id: datasetVersions.id })
      .from(datasetVersions)
      .where(or(eq(datasetVersions.rawBlobKey, key), eq(datasetVersions.columnarBlobKey, key)))
      .limit(1);
    const [usedByDraft] = await db
      .select({ id: datasetDrafts.id })
      .from(datasetDrafts)
      .where(or(eq(datasetDrafts.rawBlobKey, key), eq(datasetDrafts.columnarBlobKey, key)))
      .limit(1);
    if (!usedByVersion && !usedByDraft) await blobs.delete(key).catch(() => undefined);
  }
  return gone.length;
}
