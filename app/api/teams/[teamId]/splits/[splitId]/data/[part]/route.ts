import { handleSplitDownload } from '@/server/api/split-data-handler';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, context: { params: Promise<{ teamId: string; splitId: string; part: string }> }) {
  return handleSplitDownload(req, await context.params);
}
