'use client';

import { useSubscription } from '@trpc/tanstack-react-query';
import { useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/app/lib/trpc';

/**
 * Refetches the team's run lists whenever any run changes status. Invalidating is cheaper to
 * get right than patching pages in place: a status change can move a run across filters.
 */
export function useTeamRunChanges(teamId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useSubscription(
    trpc.run.teamChanges.subscriptionOptions(
      { teamId },
      {
        onData: () => {
          void queryClient.invalidateQueries({ queryKey: trpc.run.list.pathKey() });
          void queryClient.invalidateQueries({ queryKey: trpc.run.workers.pathKey() });
        },
      },
    ),
  );
}
