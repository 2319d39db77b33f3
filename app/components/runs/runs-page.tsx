'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { Button } from '@/app/components/ui/button';
import { Card } from '@/app/components/ui/card';
import { FormError } from '@/app/components/ui/field';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { RunsFilters } from './runs-filters';
import { RunsTable } from './runs-table';
import { isLive, type RunStatus } from './run-types';
import { useTeamRunChanges } from './use-team-run-changes';

const PAGE = 25;

/** Every run of the team, newest first, refreshed live as runs change status. */
export function RunsPage({ splitId, statuses }: { splitId?: string; statuses: RunStatus[] }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  useTeamRunChanges(team.id);
  const runs = useInfiniteQuery(
    trpc.run.list.infiniteQueryOptions(
      { teamId: team.id, splitId, status: statuses.length ? statuses : undefined, limit: PAGE },
      {
        getNextPageParam: (last) => last.nextCursor,
        // Status changes arrive by subscription; epochs of running runs do not, so poll while any runs.
        refetchInterval: (query) => (query.state.data?.pages.some((p) => p.items.some((r) => isLive(r.status))) ? 5_000 : false),
      },
    ),
  );
  const items = runs.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(splitId) || statuses.length > 0;

  return (
    <Card title="Runs" description="Every training run of the team, newest first. Open a frozen split to launch one.">
      <div className="mb-4">
        <RunsFilters splitId={splitId} statuses={statuses} />
      </div>
      {runs.isError && <FormError message={errorMessage(runs.error)} />}
      {runs.isPending ? (
        <p className="text-sm text-slate-500">Loading runs…</p>
      ) : items.length === 0 ? (
        <p className="py-8 text-center text-sm text-slate-500">
          {filtered ? 'No runs match these filters.' : 'No runs yet. Open a frozen split and launch one: the defaults train in seconds.'}
        </p>
      ) : (
        <>
          <RunsTable runs={items} slug={team.slug} />
          {runs.hasNextPage && (
            <div className="mt-4 flex justify-center">
              <Button variant="secondary" pending={runs.isFetchingNextPage} onClick={() => void runs.fetchNextPage()}>
                Load more
              </Button>
            </div>
          )}
        </>
      )}
    </Card>
  );
}
