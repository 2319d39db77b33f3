import 'server-only';
import { z } from 'zod';
import { currentUserId } from '@/server/auth/next-auth';
import { EXPORT_FORMATS, exportSplitPart, SPLIT_PARTS } from '@/server/domain/splits/export';
import { webServices } from '@/server/shared/web-services';
import { errorResponse, responseForError } from './http-errors';
import { resolveTeamAccess } from './team-access';

const paramsSchema = z.object({ teamId: z.uuid(), splitId: z.uuid(), part: z.enum(SPLIT_PARTS), format: z.enum(EXPORT_FORMATS) });

/** GET /api/teams/:teamId/splits/:splitId/data/:part?format=csv|arrow from the pages (session cookie): the HTTP API's download. */
export async function handleSplitDownload(req: Request, params: { teamId: string; splitId: string; part: string }): Promise<Response> {
  const userId = await currentUserId();
  if (!userId) return errorResponse('UNAUTHORIZED', 'Sign in to continue.');
  const parsed = paramsSchema.safeParse({ ...params, format: new URL(req.url).searchParams.get('format') ?? 'csv' });
  if (!parsed.success) return errorResponse('NOT_FOUND', 'No such split part: train, dev or test, as csv or arrow.');
  try {
    const { db, blobs } = await webServices();
    await resolveTeamAccess(db, userId, parsed.data.teamId, 'team.read');
    const file = await exportSplitPart(db, blobs, parsed.data.teamId, parsed.data.splitId, parsed.data.part, parsed.data.format);
    return new Response(new Uint8Array(file.body), { headers: { 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.fileName}"` } });
  } catch (error) {
    return responseForError('split download', error);
  }
}
