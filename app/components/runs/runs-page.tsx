'use client';

import Link from 'next/link';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import type { RowSelectionState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { Button } from '@/app/components/ui/button';
import { Card } from '@/app/components/ui/card';
import { FormError } from '@/app/components/ui/field';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { RunsFilters } from './runs-filters';
import { RunsTable } from './runs-table';
import { DEFAULT_COLUMNS, listInputOf, useRunsView } from './runs-view';
import type { RunSummary } from './run-types';
import { isLive, type RunStatus } from './run-types';
import { useTeamRunChanges } from './use-team-run-changes';

const PAGE = 50;
const METRIC_VALUE: Record<string, (r: RunSummary) => number | null> = {
  devAccuracy: (r) => r.devAccuracy,
  devMacroF1: (r) => r.devMacroF1,
  devRmse: (r) => r.devRmse,
  devMae: (r) => r.devMae,
  devR2: (r) => r.devR2,
};

/**
 * Every run of the team (or of one split, `?split=`), sorted and filtered on the server and
 * refreshed live as runs change status and finish epochs. The URL holds the whole view; the route's own
 * `splitId`/`statuses` props are read from the same URL and kept for its existing callers.
 */
export function RunsPage(_props: { splitId?: string; statuses?: RunStatus[] }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const [view, update] = useRunsView();
  const [selection, setSelection] = useState<RowSelectionState>({});
  const queryClient = useQueryClient();
  const [selectingAll, setSelectingAll] = useState(false);
  const [selectNote, setSelectNote] = useState<string | null>(null);
  useTeamRunChanges(team.id);

  /** Every run the view matches, loaded or not (a comparison holds up to 1,000, in the view's order). */
  async function selectAllMatching() {
    setSelectingAll(true);
    setSelectNote(null);
    try {
      // Always fresh: runs may have finished or started since the last click.
      const { ids, total } = await queryClient.fetchQuery({ ...trpc.run.matchingIds.queryOptions({ teamId: team.id, ...listInputOf(view) }), staleTime: 0 });
      setSelection(Object.fromEntries(ids.map((runId) => [runId, true])));
      setSelectNote(
        total > ids.length
          ? `Selected the first ${ids.length.toLocaleString('en')} of ${total.toLocaleString('en')} matching runs: a comparison holds up to ${ids.length.toLocaleString('en')}.`
          : `Selected all ${total.toLocaleString('en')} matching runs.`,
      );
    } catch (error) {
      setSelectNote(errorMessage(error));
    } finally {
      setSelectingAll(false);
    }
  }
  const runs = useInfiniteQuery(
    trpc.run.list.infiniteQueryOptions(
      { teamId: team.id, ...listInputOf(view), limit: PAGE },
      {
        getNextPageParam: (last) => last.nextCursor,
        // Status changes and epochs arrive by subscription (useTeamRunChanges); a slow poll while
        // any run is live covers a connection that dropped without the browser noticing.
        refetchInterval: (query) => (query.state.data?.pages.some((p) => p.items.some((r) => isLive(r.status))) ? 15_000 : false),
      },
    ),
  );
  const items = runs.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(view.splitId || view.userId || view.tag || view.archived) || view.statuses.length + view.metrics.length + view.config.length > 0;
  const selected = Object.keys(selection).filter((id) => selection[id]);
  // With the default columns, hide metrics no loaded run has (RMSE on a classification team);
  // a chosen column list (?cols=) is shown exactly as chosen.
  const shownColumns = useMemo(() => {
    if (view.columns !== DEFAULT_COLUMNS) return view.columns;
    return view.columns.filter((id) => !(id in METRIC_VALUE) || items.some((r) => METRIC_VALUE[id]!(r) !== null));
  }, [view.columns, items]);

  return (
    <Card
      title="Runs"
      description="Every training run of the team. Sort by any metric, filter by anything, share the link: the view lives in the URL."
      actions={
        <div className="flex items-center gap-2">
          {selected.length > 0 && (
            <Button
              variant="ghost"
              onClick={() => {
                setSelection({});
                setSelectNote(null);
              }}
            >
              Clear
            </Button>
          )}
          {selected.length >= 1 ? (
            <Link
              href={`/t/${team.slug}/compare?runs=${selected.join(',')}`}
              className="rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-500"
            >
              Compare selected ({selected.length})
            </Link>
          ) : (
            <span className="rounded-md px-3.5 py-2 text-sm text-slate-400 ring-1 ring-inset ring-slate-200" title="Tick runs to compare them">
              Compare selected (0)
            </span>
          )}
        </div>
      }
    >
      <div className="mb-4">
        <RunsFilters view={view} update={update} />
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
          <RunsTable runs={items} slug={team.slug} view={{ ...view, columns: shownColumns }} onSort={(sort) => update({ sort })} selection={selection} onSelectionChange={setSelection} />
          <div className="mt-4 flex items-center justify-between text-xs text-slate-500">
            <span>
              {items.length} run{items.length === 1 ? '' : 's'} shown{runs.hasNextPage ? ', more below' : ''}
              {selectNote && <span className="ml-2 text-slate-600">· {selectNote}</span>}
            </span>
            <div className="flex items-center gap-2">
              {runs.hasNextPage && (
                <Button variant="ghost" pending={selectingAll} onClick={() => void selectAllMatching()}>
                  Select all matching
                </Button>
              )}
              {runs.hasNextPage && (
                <Button variant="secondary" pending={runs.isFetchingNextPage} onClick={() => void runs.fetchNextPage()}>
                  Load more
                </Button>
              )}
            </div>
          </div>
        </>
      )}
    </Card>
  );
}
