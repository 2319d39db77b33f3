import 'server-only';
import { z } from 'zod';
import { currentUserId } from '@/server/auth/next-auth';
import { webServices } from '@/server/shared/web-services';
import { idSchema } from '@/server/shared/ids';
import { runWeightFile, WEIGHT_FILES } from '@/server/domain/runs/weights';
import { errorResponse, responseForError } from './http-errors';
import { resolveTeamAccess } from './team-access';

const paramsSchema = z.object({ teamId: idSchema('teamId'), runId: idSchema('runId'), file: z.enum(WEIGHT_FILES, { error: 'No such file: model.json or weights.bin' }) });

/** GET /api/teams/:teamId/runs/:runId/weights/{model.json,weights.bin} (see runWeightFile). */
export async function handleWeightsDownload(params: { teamId: string; runId: string; file: string }): Promise<Response> {
  const userId = await currentUserId();
  if (!userId) return errorResponse('UNAUTHORIZED', 'Sign in to continue.');
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) return errorResponse('NOT_FOUND', parsed.error.issues[0]!.message);
  try {
    const { db, blobs } = await webServices();
    await resolveTeamAccess(db, userId, parsed.data.teamId, 'team.read');
    const { body, fileName } = await runWeightFile(db, blobs, parsed.data.teamId, parsed.data.runId, parsed.data.file);
    if (Buffer.isBuffer(body)) return new Response(new Uint8Array(body), { headers: { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${fileName}"` } });
    return Response.json(body, { headers: { 'content-disposition': `inline; filename="${fileName}"` } });
  } catch (error) {
    return responseForError('weights download', error);
  }
}
