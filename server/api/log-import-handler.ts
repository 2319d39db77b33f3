import 'server-only';
import { z } from 'zod';
import { currentUserId } from '@/server/auth/next-auth';
import { importLogs } from '@/server/domain/runs/log-import';
import { loadServerEnv } from '@/server/shared/env';
import { webServices } from '@/server/shared/web-services';
import { errorResponse, responseForError } from './http-errors';
import { readLogFiles } from './log-files';
import { assertSameOrigin } from './request-guards';
import { resolveTeamAccess } from './team-access';

/** POST /api/teams/:teamId/runs/:runId/imports from the pages (session cookie): the same import as the HTTP API's. */
export async function handleLogImport(req: Request, params: { teamId: string; runId: string }): Promise<Response> {
  try {
    assertSameOrigin(req, loadServerEnv().nextAuthUrl);
    const userId = await currentUserId();
    if (!userId) return errorResponse('UNAUTHORIZED', 'Sign in to continue.');
    const ids = z.object({ teamId: z.uuid(), runId: z.uuid() }).safeParse(params);
    if (!ids.success) return errorResponse('NOT_FOUND', 'No such run in this team.');
    const { db } = await webServices();
    const access = await resolveTeamAccess(db, userId, ids.data.teamId, 'run.create');
    const preview = new URL(req.url).searchParams.get('preview') === 'true';
    const files = await readLogFiles(req);
    return Response.json(await importLogs(db, { userId, role: access.role }, ids.data.teamId, { runId: ids.data.runId, files, preview }));
  } catch (error) {
    return responseForError('log import', error);
  }
}
