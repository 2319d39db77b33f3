import 'server-only';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { runs } from '@/db/schema';
import { currentUserId } from '@/server/auth/next-auth';
import { getDatabase } from '@/server/database';
import { isDomainError } from '@/server/domain/errors';
import { logServerError } from '@/server/log';
import { getBlobStore } from '@/server/storage';
import { weightsArtifactSchema } from '@/workers/shared/ipc-protocol';
import { resolveTeamAccess } from './team-access';

const FILES = ['model.json', 'weights.bin'] as const;

/**
 * GET /api/teams/:teamId/runs/:runId/weights/{model.json,weights.bin}: the trained model in
 * tfjs layers format, so `tf.loadLayersModel(<url>/model.json)` loads it as is. The fitted
 * preprocessing and class names ride in model.json's userDefinedMetadata.
 */
export async function handleWeightsDownload(params: { teamId: string; runId: string; file: string }): Promise<Response> {
  const userId = await currentUserId();
  if (!userId) return Response.json({ error: { code: 'UNAUTHORIZED', message: 'Sign in to continue.' } }, { status: 401 });
  const parsed = z.object({ teamId: z.uuid(), runId: z.uuid(), file: z.enum(FILES) }).safeParse(params);
  if (!parsed.success) return Response.json({ error: { code: 'NOT_FOUND', message: 'No such file.' } }, { status: 404 });
  try {
    const { db } = await getDatabase();
    await resolveTeamAccess(db, userId, parsed.data.teamId, 'team.read');
    const [run] = await db
      .select({ number: runs.number, weightsBlobKey: runs.weightsBlobKey, preprocessing: runs.preprocessing, classes: runs.classes })
      .from(runs)
      .where(and(eq(runs.id, parsed.data.runId), eq(runs.teamId, parsed.data.teamId)));
    if (!run?.weightsBlobKey) return Response.json({ error: { code: 'NOT_FOUND', message: 'This run has no trained weights.' } }, { status: 404 });
    const artifact = weightsArtifactSchema.parse(JSON.parse((await getBlobStore().getBuffer(run.weightsBlobKey)).toString('utf8')));
    if (parsed.data.file === 'weights.bin') {
      return new Response(Buffer.from(artifact.weightDataBase64, 'base64'), {
        headers: { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="run-${run.number}-weights.bin"` },
      });
    }
    const modelJson = {
      format: 'layers-model',
      generatedBy: 'Holdout',
      convertedBy: null,
      modelTopology: artifact.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifact.weightSpecs }],
      userDefinedMetadata: { holdoutRun: run.number, classes: run.classes, preprocessing: run.preprocessing },
    };
    return Response.json(modelJson, { headers: { 'content-disposition': `inline; filename="model.json"` } });
  } catch (error) {
    if (isDomainError(error)) return Response.json({ error: { code: error.code, message: error.userMessage } }, { status: error.code === 'FORBIDDEN' ? 403 : 404 });
    logServerError('weights download', error);
    return Response.json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on the server.' } }, { status: 500 });
  }
}
