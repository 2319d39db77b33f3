import { DraftPage } from '@/app/components/datasets/draft-page';

export const metadata = { title: 'New upload' };

export default async function DatasetDraftPage({ params }: { params: Promise<{ draftId: string }> }) {
  const { draftId } = await params;
  return <DraftPage draftId={draftId} />;
}
