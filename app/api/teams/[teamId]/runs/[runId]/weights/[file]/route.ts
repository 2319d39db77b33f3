import { handleWeightsDownload } from '@/server/api/weights-handler';

export const dynamic = 'force-dynamic';

export async function GET(_req: Request, context: { params: Promise<{ teamId: string; runId: string; file: string }> }) {
  return handleWeightsDownload(await context.params);
}
