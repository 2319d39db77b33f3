import { SweepForm } from '@/app/components/sweeps/sweep-form';

export const metadata = { title: 'Start a sweep' };

export default async function NewSweepPage({ params, searchParams }: { params: Promise<{ splitId: string }>; searchParams: Promise<{ from?: string | string[] }> }) {
  const [{ splitId }, { from }] = await Promise.all([params, searchParams]);
  return <SweepForm splitId={splitId} fromRunId={typeof from === 'string' ? from : undefined} />;
}
