import { handleDatasetUpload } from '@/server/api/upload-handler';

export const dynamic = 'force-dynamic';

export async function POST(req: Request, context: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await context.params;
  return handleDatasetUpload(req, teamId);
}
