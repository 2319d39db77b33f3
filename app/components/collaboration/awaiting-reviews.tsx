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

const REVIEW_KINDS: ReadonlySet<ActivityItem['kind']> = new Set(['run.ready_for_review', 'review.approved', 'review.changes_requested']);

/** My review queue, refreshed when anyone asks for or gives a review. `live: false` when the page already listens. */
export function useAwaitingMyReview(teamId: string, live = true) {
  const trpc = useTRPC();
  const query = useQuery(trpc.collaboration.awaitingMyReview.queryOptions({ teamId, limit: 50 }));
  const refetch = query.refetch;
  const onItem = useCallback((item: ActivityItem) => {
    if (REVIEW_KINDS.has(item.kind)) void refetch();
  }, [refetch]);
  useActivityLive(teamId, onItem, live);
  return query;
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
          <StatusBadge status={r.status} />
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
  const now = useNow();
  return (
    <Card title="Waiting for my review" description="Teammates’ runs marked ready for review that you have not reviewed since they asked, oldest request first.">
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
  );
}
