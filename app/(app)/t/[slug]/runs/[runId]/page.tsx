import { RunPage } from '@/app/components/runs/run-page';

export const metadata = { title: 'Run' };

export default async function TeamRunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  // Keyed by run so moving between runs starts a fresh stream and a fresh chart.
  return <RunPage key={runId} runId={runId} />;
}
