import 'server-only';
import { and, asc, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { runArtifacts, runs } from '@/db/schema';
import { API_MAX_ARTIFACT_BYTES, API_MAX_ARTIFACTS_PER_RUN } from '@/server/shared/api-limits';
import { DomainError } from '@/server/shared/errors';
import type { BlobSource, BlobStore } from '@/server/shared/storage/blob-store';
import { notifyRunChange } from '@/server/shared/runs/notify';
import { lockExternalRun, type Actor } from './external';

/**
 * Files a script attaches to its external run (a plot, a checkpoint, a requirements.txt), by a
 * relative path. The bytes go to the blob store (content-addressed, size-capped while streaming);
 * a path is written once per run and may be replaced by its author. Holdout never puts anything of
 * its own here, so no test label can be reached through an artifact.
 */
export const artifactPathSchema = z
  .string()
  .max(500, 'path: keep artifact paths under 500 characters')
  .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, 'path: use a relative path of letters, digits, ".", "_", "-" and "/" (no leading "/", no empty segments)')
  .refine((p) => !p.split('/').some((segment) => segment === '.' || segment === '..'), 'path: "." and ".." segments are not allowed');

const CONTENT_TYPE = /^[\w.+-]+\/[\w.+-]+$/;

export interface ArtifactDto {
  path: string;
  sizeBytes: number;
  contentType: string;
  createdAt: Date;
}

export async function putArtifact(
  db: Database,
  blobs: BlobStore,
  actor: Actor,
  teamId: string,
  input: { runId: string; path: string; contentType: string | null; body: BlobSource },
): Promise<ArtifactDto> {
  const path = artifactPathSchema.safeParse(input.path);
  if (!path.success) throw new DomainError('BAD_INPUT', path.error.issues[0]!.message);
  await db.transaction((tx) => lockExternalRun(tx, actor, teamId, input.runId, 'any'));
  const [{ stored } = { stored: 0 }] = await db.select({ stored: count() }).from(runArtifacts).where(eq(runArtifacts.runId, input.runId));
  if (stored >= API_MAX_ARTIFACTS_PER_RUN) throw new DomainError('PRECONDITION_FAILED', `This run already has ${stored} artifacts, the most a run may hold.`);
  const blob = await blobs.put(input.body, { maxBytes: API_MAX_ARTIFACT_BYTES });
  const contentType = input.contentType && CONTENT_TYPE.test(input.contentType.split(';')[0]!.trim()) ? input.contentType.split(';')[0]!.trim() : 'application/octet-stream';
  const [row] = await db
    .insert(runArtifacts)
    .values({ runId: input.runId, path: path.data, blobKey: blob.key, sizeBytes: blob.size, contentType })
    .onConflictDoUpdate({ target: [runArtifacts.runId, runArtifacts.path], set: { blobKey: blob.key, sizeBytes: blob.size, contentType, createdAt: new Date() } })
    .returning({ path: runArtifacts.path, sizeBytes: runArtifacts.sizeBytes, contentType: runArtifacts.contentType, createdAt: runArtifacts.createdAt });
  await notifyRunChange(db, teamId, input.runId, 'log');
  return row!;
}

export async function listArtifacts(db: Database, teamId: string, runId: string): Promise<ArtifactDto[]> {
  await runOfTeam(db, teamId, runId);
  return db
    .select({ path: runArtifacts.path, sizeBytes: runArtifacts.sizeBytes, contentType: runArtifacts.contentType, createdAt: runArtifacts.createdAt })
    .from(runArtifacts)
    .where(eq(runArtifacts.runId, runId))
    .orderBy(asc(runArtifacts.path));
}

export async function readArtifact(db: Database, blobs: BlobStore, teamId: string, runId: string, path: string): Promise<{ body: Buffer; contentType: string; fileName: string }> {
  await runOfTeam(db, teamId, runId);
  const [row] = await db.select().from(runArtifacts).where(and(eq(runArtifacts.runId, runId), eq(runArtifacts.path, path)));
  if (!row) throw new DomainError('NOT_FOUND', `path: This run has no artifact "${path}".`);
  return { body: await blobs.getBuffer(row.blobKey), contentType: row.contentType, fileName: path.split('/').pop()! };
}

async function runOfTeam(db: Database, teamId: string, runId: string): Promise<void> {
  const [row] = await db.select({ id: runs.id }).from(runs).where(and(eq(runs.id, runId), eq(runs.teamId, teamId)));
  if (!row) throw new DomainError('NOT_FOUND', 'runId: No run with this id in this team.');
}
