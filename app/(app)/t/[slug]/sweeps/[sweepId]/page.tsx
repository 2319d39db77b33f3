import { SweepPage } from '@/app/components/sweeps/sweep-page';

export const metadata = { title: 'Sweep' };

export default async function TeamSweepPage({ params }: { params: Promise<{ sweepId: string }> }) {
  const { sweepId } = await params;
  return <SweepPage key={sweepId} sweepId={sweepId} />;
}
