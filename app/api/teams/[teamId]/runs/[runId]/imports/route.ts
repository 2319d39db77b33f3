import { handleLogImport } from '@/server/api/log-import-handler';

export const dynamic = 'force-dynamic';

export async function POST(req: Request, context: { params: Promise<{ teamId: string; runId: string }> }) {
  return handleLogImport(req, await context.params);
}
