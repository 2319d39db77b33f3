import { SplitPage } from '@/app/components/splits/split-page';

export const metadata = { title: 'Split' };

export default async function TeamSplitPage({ params }: { params: Promise<{ splitId: string }> }) {
  const { splitId } = await params;
  return <SplitPage splitId={splitId} />;
}
