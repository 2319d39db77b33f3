import { LaunchPage } from '@/app/components/runs/launch-page';

export const metadata = { title: 'Launch a run' };

export default async function LaunchRunPage({ params, searchParams }: { params: Promise<{ splitId: string }>; searchParams: Promise<{ from?: string | string[] }> }) {
  const [{ splitId }, { from }] = await Promise.all([params, searchParams]);
  return <LaunchPage splitId={splitId} fromRunId={typeof from === 'string' ? from : undefined} />;
}
