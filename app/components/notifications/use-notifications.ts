'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/app/lib/trpc';

/** The unread count, polled every 10 s and on focus; team pages also refresh it on live activity. */
export function useUnreadCount() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.notification.unreadCount.queryOptions(), refetchInterval: 10_000, refetchOnWindowFocus: true, staleTime: 0 });
}

export function useMarkRead() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.notification.markRead.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.notification.pathKey() }),
    }),
  );
}
