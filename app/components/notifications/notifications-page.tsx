'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNow } from '@/app/components/activity/use-now';
import { Button } from '@/app/components/ui/button';
import { Card } from '@/app/components/ui/card';
import { FormError } from '@/app/components/ui/field';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { groupNotifications } from './group';
import { NotificationGroupLine, NotificationLine } from './notification-item';
import { useMarkRead, useUnreadCount } from './use-notifications';

/** Every notification across the caller's teams, unread first in attention, newest first in order. */
export function NotificationsPage() {
  const trpc = useTRPC();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useInfiniteQuery(
    trpc.notification.list.infiniteQueryOptions({ unreadOnly, limit: 30 }, { getNextPageParam: (page) => page.nextCursor ?? undefined, refetchInterval: 10_000 }),
  );
  const unread = useUnreadCount();
  const markRead = useMarkRead();
  const now = useNow();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const teams = new Set(items.map((n) => n.teamId));
  const count = unread.data?.count ?? 0;

  return (
    <Card
      title="Notifications"
      description={count ? `${count} unread` : 'All caught up.'}
      actions={
        <div className="flex items-center gap-3">
          <label className="flex items-center gap-2 text-sm text-slate-600">
            <input type="checkbox" className="size-4 rounded border-slate-300 text-indigo-600" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} />
            Unread only
          </label>
          <Button variant="secondary" disabled={count === 0} pending={markRead.isPending} onClick={() => markRead.mutate({ all: true })}>
            Mark all read
          </Button>
        </div>
      }
    >
      {list.isError && <FormError message={errorMessage(list.error)} />}
      {markRead.isError && <FormError message={errorMessage(markRead.error)} />}
      {list.isPending ? (
        <p className="text-sm text-slate-500">Loading notifications…</p>
      ) : items.length === 0 ? (
        <p className="py-8 text-center text-sm text-slate-500">{unreadOnly ? 'No unread notifications.' : 'Nothing yet. Mentions, review requests, verdicts on your runs and your runs finishing show up here.'}</p>
      ) : (
        <ul className="-mx-5 divide-y divide-slate-100" aria-label="Notifications">
          {groupNotifications(items).map((entry) => {
            const ns = entry.kind === 'one' ? [entry.notification] : entry.notifications;
            const unread = ns.filter((n) => !n.readAt).map((n) => n.id);
            return (
              <li key={ns[0]!.id} className="flex items-center">
                <div className="min-w-0 flex-1">
                  {entry.kind === 'one' ? (
                    <NotificationLine notification={entry.notification} now={now} showTeam={teams.size > 1} onOpen={(item) => !item.readAt && markRead.mutate({ ids: [item.id] })} />
                  ) : (
                    <NotificationGroupLine notifications={entry.notifications} now={now} showTeam={teams.size > 1} onOpen={() => unread.length > 0 && markRead.mutate({ ids: unread })} />
                  )}
                </div>
                {unread.length > 0 && (
                  <button type="button" className="mr-4 shrink-0 text-xs text-slate-500 hover:text-indigo-700" onClick={() => markRead.mutate({ ids: unread })}>
                    Mark read
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {list.hasNextPage && (
        <div className="mt-4 flex justify-center">
          <Button variant="secondary" pending={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            Load more
          </Button>
        </div>
      )}
    </Card>
  );
}
