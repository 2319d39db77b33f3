'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useNow } from '@/app/components/activity/use-now';
import { useTRPC } from '@/app/lib/trpc';
import { groupNotifications } from './group';
import { NotificationGroupLine, NotificationLine } from './notification-item';
import { useMarkRead, useUnreadCount } from './use-notifications';

/** The header's bell: unread count, and the latest few in a dropdown. */
export function NotificationBell() {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const list = useQuery({ ...trpc.notification.list.queryOptions({ limit: 8 }), enabled: open, staleTime: 0 });
  const markRead = useMarkRead();
  const now = useNow(30_000);
  const box = useRef<HTMLDivElement>(null);
  const count = unread.data?.count ?? 0;

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !box.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const teams = new Set(list.data?.items.map((n) => n.teamId));
  return (
    <div ref={box} className="relative">
      <button
        type="button"
        aria-label={count ? `Notifications, ${count} unread` : 'Notifications'}
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen((o) => !o)}
        className="relative flex size-8 items-center justify-center rounded-full text-slate-500 hover:bg-slate-100 hover:text-slate-900"
      >
        <svg viewBox="0 0 20 20" fill="currentColor" className="size-5" aria-hidden>
          <path d="M10 2a6 6 0 0 0-6 6v2.6l-1.3 2.6A1 1 0 0 0 3.6 15h12.8a1 1 0 0 0 .9-1.4L16 10.6V8a6 6 0 0 0-6-6Zm0 16a3 3 0 0 1-2.8-2h5.6A3 3 0 0 1 10 18Z" />
        </svg>
        {count > 0 && (
          <span data-testid="unread-count" className="absolute -top-0.5 -right-0.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-indigo-600 px-1 text-[10px] leading-none font-semibold text-white tabular-nums">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      {open && (
        <div role="dialog" aria-label="Notifications" className="absolute right-0 z-30 mt-2 w-80 overflow-hidden rounded-lg bg-white shadow-lg ring-1 ring-slate-200">
          <div className="flex items-center justify-between border-b border-slate-100 px-4 py-2.5">
            <h2 className="text-sm font-semibold text-slate-900">Notifications</h2>
            {count > 0 && (
              <button type="button" className="text-xs font-medium text-indigo-700 hover:underline" onClick={() => markRead.mutate({ all: true })}>
                Mark all read
              </button>
            )}
          </div>
          {list.isPending ? (
            <p className="px-4 py-6 text-center text-sm text-slate-500">Loading…</p>
          ) : list.data?.items.length === 0 ? (
            <p className="px-4 py-6 text-center text-sm text-slate-500">Nothing yet. Mentions, reviews and your runs finishing show up here.</p>
          ) : (
            <div className="max-h-96 divide-y divide-slate-100 overflow-y-auto">
              {groupNotifications(list.data?.items ?? []).map((entry) =>
                entry.kind === 'one' ? (
                  <NotificationLine
                    key={entry.notification.id}
                    notification={entry.notification}
                    now={now}
                    showTeam={teams.size > 1}
                    onOpen={(item) => {
                      setOpen(false);
                      if (!item.readAt) markRead.mutate({ ids: [item.id] });
                    }}
                  />
                ) : (
                  <NotificationGroupLine
                    key={entry.notifications[0]!.id}
                    notifications={entry.notifications}
                    now={now}
                    showTeam={teams.size > 1}
                    onOpen={(items) => {
                      setOpen(false);
                      const unread = items.filter((i) => !i.readAt).map((i) => i.id);
                      if (unread.length) markRead.mutate({ ids: unread });
                    }}
                  />
                ),
              )}
            </div>
          )}
          <Link href="/notifications" onClick={() => setOpen(false)} className="block border-t border-slate-100 px-4 py-2.5 text-center text-sm font-medium text-indigo-700 hover:bg-slate-50">
            See all notifications
          </Link>
        </div>
      )}
    </div>
  );
}
