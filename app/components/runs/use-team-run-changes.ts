'use client';

import { useSubscription } from '@trpc/tanstack-react-query';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTRPC } from '@/app/lib/trpc';

/**
 * A small run reports many epochs a second: lists follow epochs at most this often (status
 * changes refresh at once).
 */
const EPOCH_REFRESH_MS = 2_000;

/**
 * Refetches the team's run lists (the workers' current runs, and sweeps) when a run changes status or
 * finishes an epoch. Invalidating is cheaper to get right than patching pages in place: a status
 * change can move a run across filters.
 */
export function useTeamRunChanges(teamId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lastRefresh = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
      pending.current = null;
    },
    [],
  );

  const refresh = () => {
    if (pending.current) clearTimeout(pending.current);
    pending.current = null;
    lastRefresh.current = Date.now();
    void queryClient.invalidateQueries({ queryKey: trpc.run.list.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.run.workers.pathKey() });
    // A sweep's trials are runs: its page and lists follow them (only mounted queries refetch).
    void queryClient.invalidateQueries({ queryKey: trpc.sweep.pathKey() });
  };

  useSubscription(
    trpc.run.teamChanges.subscriptionOptions(
      { teamId },
      {
        onData: (change) => {
          if (change.kind === 'status') return refresh();
          if (pending.current) return;
          pending.current = setTimeout(refresh, Math.max(0, lastRefresh.current + EPOCH_REFRESH_MS - Date.now()));
        },
      },
    ),
  );
}
