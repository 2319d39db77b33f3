'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useRef } from 'react';
import type { RouterOutputs } from '@/app/lib/router-types';
import { useTRPC } from '@/app/lib/trpc';

export type ActivityItem = RouterOutputs['activity']['list']['items'][number];

/**
 * The team's feed as it happens (SSE; the link resumes from the last tracked id). Every event
 * also refreshes the notification bell: a mention or a review may have just arrived for me,
 * and an invalidation is cheaper than a second stream.
 */
export function useActivityLive(teamId: string, onItem?: (item: ActivityItem) => void, enabled = true) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const handler = useRef(onItem);
  useEffect(() => {
    handler.current = onItem;
  }, [onItem]);
  return useSubscription(
    trpc.activity.live.subscriptionOptions(
      { teamId },
      {
        enabled,
        onData: (event) => {
          handler.current?.(event.data);
          void queryClient.invalidateQueries({ queryKey: trpc.notification.pathKey() });
        },
      },
    ),
  );
}
