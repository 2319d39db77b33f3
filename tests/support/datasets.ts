import { Readable } from 'node:stream';
import type { DatabaseHandle } from '@/db/client';
import { createDraft } from '@/server/domain/datasets/drafts';
import { callerFor, testBlobs } from './test-database';

/** Uploads a file the way the upload endpoint does (streamed, in small chunks) and returns the draft. */
export async function uploadCsv(handle: DatabaseHandle, teamId: string, userId: string, content: string | Buffer, fileName = 'data.csv') {
  const buffer = typeof content === 'string' ? Buffer.from(content) : content;
  const chunks: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += 4096) chunks.push(buffer.subarray(i, i + 4096));
  return createDraft(handle.db, testBlobs, { teamId, userId, fileName, body: Readable.from(chunks), maxBytes: 200 * 1024 * 1024 });
}

export async function registerCsv(
  handle: DatabaseHandle,
  teamId: string,
  userId: string,
  content: string,
  options: { name: string; target: string; taskKind?: 'classification' | 'regression'; fileName?: string; excluded?: string[] },
) {
  const draft = await uploadCsv(handle, teamId, userId, content, options.fileName);
  return callerFor(handle, userId).dataset.register({
    teamId,
    draftId: draft.id,
    dataset: { kind: 'new', name: options.name, description: '' },
    targetColumn: options.target,
    taskKind: options.taskKind ?? 'classification',
    excludedColumns: options.excluded ?? [],
  });
}
