import 'server-only';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { z } from 'zod';
import { currentUserId } from '@/server/auth/next-auth';
import { webServices } from '@/server/shared/web-services';
import { createDraft, removeAbandonedDrafts } from '@/server/domain/datasets/drafts';
import { loadServerEnv } from '@/server/shared/env';
import { errorResponse, responseForError } from './http-errors';
import { assertSameOrigin } from './request-guards';
import { resolveTeamAccess } from './team-access';
import { takeUploadSlot } from './upload-slots';

/**
 * POST /api/teams/:teamId/uploads with the file as the raw body (so the browser can show
 * upload progress) and its name in `x-file-name`. The body is parsed while it streams in;
 * the response is the draft's id, or an error naming the row and column at fault.
 */
export async function handleDatasetUpload(req: Request, teamIdParam: string): Promise<Response> {
  const env = loadServerEnv();
  try {
    assertSameOrigin(req, env.nextAuthUrl);
  } catch (error) {
    return responseForError('dataset upload', error);
  }
  const userId = await currentUserId();
  if (!userId) return errorResponse('UNAUTHORIZED', 'Sign in to continue.');
  const teamId = z.uuid().safeParse(teamIdParam);
  if (!teamId.success) return errorResponse('NOT_FOUND', 'Team not found, or you are not a member of it.');
  const declared = Number(req.headers.get('content-length') ?? NaN);
  try {
    const { db, blobs } = await webServices();
    await resolveTeamAccess(db, userId, teamId.data, 'dataset.create');
    if (Number.isFinite(declared) && declared > env.maxUploadBytes) {
      return errorResponse('PAYLOAD_TOO_LARGE', `The file is ${formatMb(declared)}; the limit is ${formatMb(env.maxUploadBytes)} (HOLDOUT_MAX_UPLOAD_MB).`);
    }
    if (!req.body) return errorResponse('BAD_INPUT', 'The request had no file in its body.');
    const slot = takeUploadSlot(userId);
    if ('refused' in slot) return errorResponse('TOO_MANY_REQUESTS', slot.refused);
    try {
      await removeAbandonedDrafts(db, blobs);
      const fileName = safeDecode(req.headers.get('x-file-name') ?? 'upload.csv');
      const body = Readable.fromWeb(req.body as unknown as NodeReadableStream<Uint8Array>);
      const draft = await createDraft(db, blobs, { teamId: teamId.data, userId, fileName, body, maxBytes: env.maxUploadBytes });
      return Response.json({ draftId: draft.id, rowCount: draft.rowCount }, { status: 201 });
    } finally {
      slot.release();
    }
  } catch (error) {
    return responseForError('dataset upload', error);
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
