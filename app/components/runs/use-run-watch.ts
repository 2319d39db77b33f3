'use client';

import { useSubscription } from '@trpc/tanstack-react-query';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/app/lib/trpc';
import type { RunDetail, RunEpoch, RunLogLine } from './run-types';

export interface RunState {
  run: RunDetail | null;
  epochs: RunEpoch[];
  logs: RunLogLine[];
}

/**
 * One run, live: the first message carries everything so far, later ones only what is new. The
 * link resends the last tracked id on reconnect, and merging by epoch and log id keeps a replayed
 * message from drawing a point twice.
 */
export function useRunWatch(teamId: string, runId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [state, setState] = useState<RunState>({ run: null, epochs: [], logs: [] });
  const subscription = useSubscription(
    trpc.run.watch.subscriptionOptions(
      { teamId, runId },
      {
        onData: ({ data }) => {
          setState((s) => ({ run: data.run, epochs: mergeBy(s.epochs, data.epochs, (e) => e.epoch), logs: mergeBy(s.logs, data.logs, (l) => l.id) }));
          // Keep the cached run (used by the list and "Clone and edit") as fresh as the stream.
          queryClient.setQueryData(trpc.run.get.queryKey({ teamId, runId }), data.run);
        },
      },
    ),
  );
  return { ...state, error: subscription.error, connection: subscription.status };
}

function mergeBy<T>(current: T[], incoming: T[], key: (item: T) => number): T[] {
  if (incoming.length === 0) return current;
  const last = current.length ? key(current[current.length - 1]!) : -Infinity;
  const fresh = incoming.filter((item) => key(item) > last);
  return fresh.length ? [...current, ...fresh] : current;
}
