'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Badge } from '@/app/components/ui/badge';
import { Card } from '@/app/components/ui/card';
import { FormError } from '@/app/components/ui/field';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { relativeTime } from '@/app/lib/relative-time';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import type { WorkerRow } from './run-types';
import { useTeamRunChanges } from './use-team-run-changes';

const TH = 'px-3 py-2 text-left text-xs font-medium text-slate-500';

/** The training fleet: which workers are alive, what they run on, and which of this team's runs they hold. */
export function WorkersPage() {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  useTeamRunChanges(team.id);
  // Workers report every few seconds; a 10 s refetch keeps "last contact" and health honest.
  const workers = useQuery({ ...trpc.run.workers.queryOptions({ teamId: team.id }), refetchInterval: 10_000 });
  const now = useNow(5_000);

  return (
    <Card title="Workers" description="Processes that train runs: the embedded one inside the web server, and any standalone workers (GPU boxes) on the same database.">
      {workers.isError && <FormError message={errorMessage(workers.error)} />}
      {workers.isPending ? (
        <p className="text-sm text-slate-500">Loading workers…</p>
      ) : workers.data && workers.data.length === 0 ? (
        <p className="py-8 text-center text-sm text-slate-500">No worker has reported in the last 10 minutes: queued runs will wait until one starts.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[860px] text-sm">
            <thead className="border-b border-slate-200">
              <tr>
                <th className={TH}>Worker</th>
                <th className={TH}>Kind · pool</th>
                <th className={TH}>Backend · device</th>
                <th className={`${TH} text-right`}>Busy</th>
                <th className={TH}>Current runs</th>
                <th className={TH}>Last contact</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {workers.data?.map((w) => <WorkerLine key={w.id} worker={w} slug={team.slug} now={now} />)}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function WorkerLine({ worker: w, slug, now }: { worker: WorkerRow; slug: string; now: number }) {
  const busy = w.busySlots;
  return (
    <tr className="align-top">
      <td className="px-3 py-2.5">
        <div className="flex items-center gap-2">
          <span className={`size-2 rounded-full ${w.healthy ? 'bg-emerald-500' : 'bg-amber-500'}`} role="img" aria-label={w.healthy ? 'healthy' : 'not heard from recently'} title={w.healthy ? 'Heard from in the last 30 s' : 'Not heard from in over 30 s'} />
          <span className="font-medium text-slate-900">{w.name}</span>
        </div>
        <div className="pl-4 font-mono text-xs text-slate-500">{w.host}</div>
      </td>
      <td className="px-3 py-2.5 text-slate-700">
        {w.kind} <Badge tone={w.pool === 'gpu' ? 'indigo' : 'neutral'}>{w.pool}</Badge>
      </td>
      <td className="px-3 py-2.5 text-slate-700">
        {w.backend}
        <div className="text-xs text-slate-500">{w.device} · tfjs {w.tfjsVersion}</div>
      </td>
      <td className="px-3 py-2.5 text-right tabular-nums text-slate-700" title={`${busy} of ${w.concurrency} slots busy`}>
        {busy} / {w.concurrency}
      </td>
      <td className="px-3 py-2.5">
        {w.currentRuns.length === 0 ? (
          <span className="text-xs text-slate-400">{busy > 0 ? `${busy} run${busy === 1 ? '' : 's'} of other teams` : 'idle'}</span>
        ) : (
          <ul className="space-y-0.5">
            {w.currentRuns.map((r) => (
              <li key={r.id} className="text-xs">
                <Link href={`/t/${slug}/runs/${r.id}`} className="font-medium text-indigo-700 hover:underline">#{r.number}</Link>{' '}
                <span className="text-slate-500 tabular-nums">epoch {r.epochsDone} / {r.epochsPlanned}</span>
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="px-3 py-2.5 text-xs whitespace-nowrap text-slate-600">
        <time dateTime={w.lastSeenAt.toISOString()} title={w.lastSeenAt.toLocaleString()}>{relativeTime(w.lastSeenAt, now)}</time>
      </td>
    </tr>
  );
}

/** A clock for relative times, so "12 s ago" keeps counting between refetches. */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
