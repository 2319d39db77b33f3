'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { can } from '@/server/shared/auth/permissions';
import { ActivityList } from '@/app/components/activity/activity-list';
import type { ActivityItem } from '@/app/components/activity/use-activity-live';
import { useLiveFeed } from '@/app/components/activity/use-live-feed';
import { useNow } from '@/app/components/activity/use-now';
import { AwaitingList, isReviewActivity, MyRunsList, useAwaitingMyReview, useMyRunsUnderReview } from '@/app/components/collaboration/awaiting-reviews';
import { EpochProgress } from '@/app/components/runs/progress-bar';
import type { RunSummary, WorkerRow } from '@/app/components/runs/run-types';
import { StatusBadge } from '@/app/components/runs/status-badge';
import { useTeamRunChanges } from '@/app/components/runs/use-team-run-changes';
import { Card } from '@/app/components/ui/card';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { relativeTime } from '@/app/lib/relative-time';
import { useTRPC } from '@/app/lib/trpc';
import { bestSeries, METRICS } from './best-score';
import { BestScoreChart } from './best-score-chart';

const MORE = 'text-sm font-medium text-indigo-700 hover:underline';
const QUIET = 'py-6 text-center text-sm text-slate-500';

/** "Where are we?": best dev score per split, what is training, what waits for me, what just happened. */
export function TeamOverview() {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  useTeamRunChanges(team.id);
  const now = useNow();
  const active = useQuery({
    ...trpc.run.list.queryOptions({ teamId: team.id, status: ['queued', 'running'], limit: 20 }),
    // Epoch counts move without status changes: poll while anything trains.
    refetchInterval: (query) => (query.state.data?.items.length ? 3_000 : false),
  });
  const finished = useQuery(trpc.run.list.queryOptions({ teamId: team.id, status: ['succeeded'], limit: 200 }));
  const workers = useQuery({ ...trpc.run.workers.queryOptions({ teamId: team.id }), refetchInterval: 10_000 });
  const waiting = useAwaitingMyReview(team.id);
  const mine = useMyRunsUnderReview(team.id);
  const changesRequested = (mine.data ?? []).filter((r) => r.changesRequested > 0);
  const refetchWaiting = waiting.refetch;
  const refetchMine = mine.refetch;
  const onAny = useCallback(
    (item: ActivityItem) => {
      if (isReviewActivity(item.kind)) {
        void refetchWaiting();
        void refetchMine();
      }
    },
    [refetchWaiting, refetchMine],
  );
  const { feed, items } = useLiveFeed(team.id, {}, 8, onAny);

  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-6 lg:col-span-2">
        <BestScoreCard runs={finished.data?.items} pending={finished.isPending} now={now} />
        <Card title="Recent activity" actions={<Link href={`/t/${team.slug}/activity`} className={MORE}>All activity</Link>}>
          {feed.isPending ? <p className="text-sm text-slate-500">Loading…</p> : items.length === 0 ? <p className={QUIET}>Nothing yet.</p> : <ActivityList items={items.slice(0, 8)} slug={team.slug} now={now} compact />}
        </Card>
      </div>
      <div className="space-y-6">
        <Card title="Training now">
          {active.isPending ? (
            <p className="text-sm text-slate-500">Loading…</p>
          ) : active.data?.items.length ? (
            <ActiveRuns runs={active.data.items} slug={team.slug} />
          ) : (
            <p className="text-sm text-slate-500">Nothing is training.</p>
          )}
        </Card>
        {can(team.role, 'comment.create') && (
          <Card title="Waiting for your review" actions={waiting.data?.length ? <Link href={`/t/${team.slug}/reviews`} className={MORE}>All</Link> : undefined}>
            {waiting.isPending ? (
              <p className="text-sm text-slate-500">Loading…</p>
            ) : waiting.data?.length ? (
              <div className="-my-2.5">
                <AwaitingList runs={waiting.data.slice(0, 5)} slug={team.slug} now={now} />
              </div>
            ) : (
              <p className="text-sm text-slate-500">Nothing waits for you.</p>
            )}
          </Card>
        )}
        {changesRequested.length > 0 && (
          <Card title="Changes requested on your runs" actions={<Link href={`/t/${team.slug}/reviews`} className={MORE}>All</Link>}>
            <div className="-my-2.5">
              <MyRunsList runs={changesRequested.slice(0, 5)} slug={team.slug} now={now} />
            </div>
          </Card>
        )}
        <Card title="Workers" actions={<Link href={`/t/${team.slug}/workers`} className={MORE}>Details</Link>}>
          {workers.data ? <Fleet workers={workers.data} now={now} /> : <p className="text-sm text-slate-500">Loading…</p>}
        </Card>
      </div>
    </div>
  );
}

function BestScoreCard({ runs, pending, now }: { runs: RunSummary[] | undefined; pending: boolean; now: number }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  // Dev sizes, so a best score on a handful of rows is shown with how little it can tell.
  const splitList = useQuery(trpc.split.list.queryOptions({ teamId: team.id }));
  const devCounts = new Map((splitList.data ?? []).map((s) => [s.id, s.devCount] as const));
  // One chart per task kind: accuracy and RMSE can't share an axis.
  const charts = useMemo(() => {
    const list = runs ?? [];
    return (['classification', 'regression'] as const)
      .map((kind) => ({ kind, metric: METRICS[kind], series: bestSeries(list.filter((r) => r.taskKind === kind), METRICS[kind]) }))
      .filter((c) => c.series.length > 0);
  }, [runs]);
  // Redraw to "now" once a minute, not every tick.
  const minute = Math.floor(now / 60_000) * 60_000;
  return (
    <Card title="Best dev score" description="Running best on each split’s dev set, by run finish time.">
      {pending ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : charts.length === 0 ? (
        <p className={QUIET}>No run has finished yet: the first one sets each split’s bar.</p>
      ) : (
        <div className="space-y-6">
          {charts.map((c) => (
            <div key={c.kind}>
              {charts.length > 1 && <h3 className="mb-1 text-sm font-medium text-slate-700">{c.metric.label}</h3>}
              <BestScoreChart series={c.series} metric={c.metric} slug={team.slug} now={minute} devCounts={devCounts} />
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}

function ActiveRuns({ runs, slug }: { runs: RunSummary[]; slug: string }) {
  return (
    <ul className="space-y-3" aria-label="Runs in progress">
      {runs.map((r) => (
        <li key={r.id} className="space-y-1.5">
          <div className="flex items-center gap-2 text-sm">
            <Link href={`/t/${slug}/runs/${r.id}`} className="font-medium text-indigo-700 hover:underline">
              #{r.number}
            </Link>
            <span className="min-w-0 flex-1 truncate text-slate-500">
              {r.createdByName ?? 'former member'} · {r.splitName}
            </span>
            <StatusBadge status={r.status} />
          </div>
          <div className="flex items-center gap-2">
            <EpochProgress done={r.epochsDone} planned={r.epochsPlanned} />
            <span className="shrink-0 text-xs text-slate-400 tabular-nums">
              {r.epochsDone}/{r.epochsPlanned}
            </span>
          </div>
        </li>
      ))}
    </ul>
  );
}

function Fleet({ workers, now }: { workers: WorkerRow[]; now: number }) {
  if (workers.length === 0) return <p className="text-sm text-amber-700">No worker is online: queued runs wait until one starts.</p>;
  const slots = workers.reduce((n, w) => n + w.concurrency, 0);
  const busy = workers.reduce((n, w) => n + w.busySlots, 0);
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-700">
        {workers.length} {workers.length === 1 ? 'worker' : 'workers'} · {busy} of {slots} {slots === 1 ? 'slot' : 'slots'} busy
      </p>
      <ul className="space-y-1">
        {workers.map((w) => (
          <li key={w.id} className="flex items-center gap-2 text-xs text-slate-500">
            <span className={`size-1.5 shrink-0 rounded-full ${w.healthy ? 'bg-emerald-500' : 'bg-amber-500'}`} aria-label={w.healthy ? 'healthy' : 'not heard from recently'} role="img" />
            <span className="min-w-0 flex-1 truncate text-slate-700">{w.name}</span>
            <span>{w.pool} · {w.backend}</span>
            {!w.healthy && <span>{relativeTime(new Date(w.lastSeenAt), now)}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
