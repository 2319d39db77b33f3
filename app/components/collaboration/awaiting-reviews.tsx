'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { can } from '@/server/shared/auth/permissions';
import { useActivityLive, type ActivityItem } from '@/app/components/activity/use-activity-live';
import { useNow } from '@/app/components/activity/use-now';
import { StatusBadge } from '@/app/components/runs/status-badge';
import { Card } from '@/app/components/ui/card';
import { FormError } from '@/app/components/ui/field';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import type { RouterOutputs } from '@/app/lib/router-types';
import { relativeTime } from '@/app/lib/relative-time';
import { errorMessage, useTRPC } from '@/app/lib/trpc';

type Waiting = RouterOutputs['collaboration']['awaitingMyReview'][number];
type Mine = RouterOutputs['collaboration']['myRunsUnderReview'][number];

const REVIEW_KINDS: ReadonlySet<ActivityItem['kind']> = new Set(['run.ready_for_review', 'review.approved', 'review.changes_requested']);

/** Activity that moves runs into or out of the review lists: a review asked for or given. */
export function isReviewActivity(kind: ActivityItem['kind']): boolean {
  return REVIEW_KINDS.has(kind);
}

/** Teammates' runs waiting for my review (the page that shows it refetches on isReviewActivity). */
export function useAwaitingMyReview(teamId: string) {
  const trpc = useTRPC();
  return useQuery(trpc.collaboration.awaitingMyReview.queryOptions({ teamId, limit: 50 }));
}

/** My runs that asked for review, with their current verdicts (refetched the same way). */
export function useMyRunsUnderReview(teamId: string) {
  const trpc = useTRPC();
  return useQuery(trpc.collaboration.myRunsUnderReview.queryOptions({ teamId, limit: 50 }));
}

export function AwaitingList({ runs, slug, now }: { runs: Waiting[]; slug: string; now: number }) {
  return (
    <ul className="divide-y divide-slate-100" aria-label="Runs waiting for my review">
      {runs.map((r) => (
        <li key={r.runId} className="flex items-center gap-3 py-2.5 text-sm">
          <Link href={`/t/${slug}/runs/${r.runId}`} className="font-medium text-indigo-700 hover:underline">
            Run #{r.number}
          </Link>
          <span className="min-w-0 flex-1 truncate text-slate-600">
            by {r.authorName ?? 'a former member'} · <span className="text-slate-500">{r.splitName}</span>
          </span>
          {r.askedMe && <span className="rounded bg-indigo-50 px-1.5 py-0.5 text-xs text-indigo-700 ring-1 ring-indigo-200">asked you</span>}
          <StatusBadge status={r.status} />
          {r.readyForReviewAt && <span className="w-20 shrink-0 text-right text-xs text-slate-400 tabular-nums">{relativeTime(new Date(r.readyForReviewAt), now)}</span>}
        </li>
      ))}
    </ul>
  );
}

/** Where each of my runs under review stands: changes requested (amber), approvals, or waiting. */
export function MyRunsList({ runs, slug, now }: { runs: Mine[]; slug: string; now: number }) {
  return (
    <ul className="divide-y divide-slate-100" aria-label="My runs under review">
      {runs.map((r) => (
        <li key={r.runId} className="flex items-center gap-3 py-2.5 text-sm">
          <Link href={`/t/${slug}/runs/${r.runId}`} className="font-medium text-indigo-700 hover:underline">
            Run #{r.number}
          </Link>
          <span className="min-w-0 flex-1 truncate text-slate-500">
            {r.splitName}
            {r.askedNames.length > 0 && <> · asked {r.askedNames.join(', ')}</>}
          </span>
          {r.changesRequested > 0 ? (
            <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800 ring-1 ring-amber-200">changes requested{r.changesRequested > 1 ? ` ×${r.changesRequested}` : ''}</span>
          ) : r.approvals > 0 ? (
            <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-xs text-emerald-700 ring-1 ring-emerald-200">approved{r.approvals > 1 ? ` ×${r.approvals}` : ''}</span>
          ) : (
            <span className="text-xs text-slate-400">waiting</span>
          )}
          {r.readyForReviewAt && <span className="w-20 shrink-0 text-right text-xs text-slate-400 tabular-nums">{relativeTime(new Date(r.readyForReviewAt), now)}</span>}
        </li>
      ))}
    </ul>
  );
}

/** /t/[slug]/reviews: runs by teammates that asked for review and that I have not reviewed since. */
export function AwaitingReviewsPage() {
  const team = useCurrentTeam();
  const waiting = useAwaitingMyReview(team.id);
  const mine = useMyRunsUnderReview(team.id);
  const refetchWaiting = waiting.refetch;
  const refetchMine = mine.refetch;
  // One live feed for both lists: a review asked for or given can move runs in either.
  const onReview = useCallback(
    (item: ActivityItem) => {
      if (!isReviewActivity(item.kind)) return;
      void refetchWaiting();
      void refetchMine();
    },
    [refetchWaiting, refetchMine],
  );
  useActivityLive(team.id, onReview, true);
  const now = useNow();
  return (
    <div className="space-y-6">
    <Card title="Waiting for my review" description="Teammates’ runs marked ready for review that you have not reviewed since they asked: those that asked you by name first, then the oldest request.">
      {waiting.isError && <FormError message={errorMessage(waiting.error)} />}
      {!can(team.role, 'comment.create') ? (
        <p className="py-8 text-center text-sm text-slate-500">Viewers don’t review runs; a team admin can give you the member role.</p>
      ) : waiting.isPending ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : waiting.data?.length === 0 ? (
        <p className="py-8 text-center text-sm text-slate-500">Nothing waiting for you. When a teammate marks a run ready for review, it shows up here.</p>
      ) : (
        <AwaitingList runs={waiting.data ?? []} slug={team.slug} now={now} />
      )}
    </Card>
    <Card title="My runs under review" description="Runs you marked ready for review, and what reviewers said since you last asked; changes requested first.">
      {mine.isError && <FormError message={errorMessage(mine.error)} />}
      {mine.data?.length ? <MyRunsList runs={mine.data} slug={team.slug} now={now} /> : <p className="py-4 text-center text-sm text-slate-500">None of your runs is waiting for review.</p>}
    </Card>
    </div>
  );
}
