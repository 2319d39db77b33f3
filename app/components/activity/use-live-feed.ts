'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useTRPC } from '@/app/lib/trpc';
import { useActivityLive, type ActivityItem } from './use-activity-live';

/**
 * A page-by-page feed with live entries on top. Live entries that don't match the filter are
 * dropped; the key resets them whenever the filter changes (the first page is then fresh).
 */
export function useLiveFeed(
  teamId: string,
  filter: { actorId?: string; kinds?: ActivityItem['kind'][] },
  pageSize = 30,
  /** Called for every live entry, filtered or not: lets a page refresh other panels from one stream. */
  onAny?: (item: ActivityItem) => void,
) {
  const trpc = useTRPC();
  const key = JSON.stringify(filter);
  const [live, setLive] = useState<{ key: string; items: ActivityItem[] }>({ key, items: [] });
  const feed = useInfiniteQuery(
    trpc.activity.list.infiniteQueryOptions(
      { teamId, actorId: filter.actorId, kinds: filter.kinds, limit: pageSize },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, staleTime: Infinity, refetchOnWindowFocus: false },
    ),
  );
  const onItem = useCallback(
    (item: ActivityItem) => {
      onAny?.(item);
      if (filter.actorId && item.actorId !== filter.actorId) return;
      if (filter.kinds?.length && !filter.kinds.includes(item.kind)) return;
      setLive((prev) => (prev.key === key ? { key, items: [item, ...prev.items] } : { key, items: [item] }));
    },
    // `key` stands for the filter's contents.
    [key, onAny],
  );
  const subscription = useActivityLive(teamId, onItem);
  const items = useMemo(() => {
    const seen = new Set<number>();
    const all: ActivityItem[] = [];
    for (const item of [...(live.key === key ? live.items : []), ...(feed.data?.pages.flatMap((p) => p.items) ?? [])]) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      all.push(item);
    }
    return all.sort((a, b) => b.id - a.id);
  }, [live, key, feed.data]);
  return { feed, items, subscription };
}
