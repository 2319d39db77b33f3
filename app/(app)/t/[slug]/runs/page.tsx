import { RunsPage } from '@/app/components/runs/runs-page';
import { isRunStatus, type RunStatus } from '@/app/components/runs/run-types';

export const metadata = { title: 'Runs' };

type Search = { split?: string | string[]; status?: string | string[] };

export default async function TeamRunsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { split, status } = await searchParams;
  // Unknown statuses in a hand-edited URL are dropped rather than sent to the API to be refused.
  const statuses = (typeof status === 'string' ? status.split(',') : []).filter(isRunStatus);
  return <RunsPage splitId={typeof split === 'string' && split ? split : undefined} statuses={statuses} />;
}
