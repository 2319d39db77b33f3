'use client';

import Link from 'next/link';
import type { RouterOutputs } from '@/app/lib/router-types';
import { relativeTime } from '@/app/lib/relative-time';
import { groupSentence } from './group';

export type NotificationRow = RouterOutputs['notification']['list']['items'][number];

function sentence(n: NotificationRow): string {
  const actor = n.actorName ?? 'Someone';
  const run = n.runNumber !== null ? `run #${n.runNumber}` : 'a run';
  switch (n.kind) {
    case 'mention':
      return `${actor} mentioned you on ${run}`;
    case 'review.requested':
      return `${actor} asked for a review of ${run}`;
    case 'review.given':
      return (n.payload as { verdict?: string } | null)?.verdict === 'changes_requested' ? `${actor} requested changes on your ${run}` : `${actor} approved your ${run}`;
    case 'run.succeeded':
      return `Your ${run} finished`;
    case 'run.failed':
      return `Your ${run} failed`;
    default:
      return `Something happened on ${run}`;
  }
}

export function notificationHref(n: NotificationRow): string {
  return n.runId ? `/t/${n.teamSlug}/runs/${n.runId}` : `/t/${n.teamSlug}/activity`;
}

/** The look of one line of the bell and the page: an unread dot, what happened, where and when. */
function NotificationLink({ href, unread, text, meta, onClick }: { href: string; unread: boolean; text: string; meta: string; onClick: () => void }) {
  return (
    <Link href={href} onClick={onClick} data-unread={unread || undefined} className={`flex items-start gap-3 px-4 py-2.5 text-sm hover:bg-slate-50 ${unread ? 'text-slate-900' : 'text-slate-500'}`}>
      <span className={`mt-1.5 size-2 shrink-0 rounded-full ${unread ? 'bg-indigo-500' : 'bg-transparent'}`} aria-hidden />
      <span className="min-w-0 flex-1">
        <span className={unread ? 'font-medium' : ''}>{text}</span>
        {unread && <span className="sr-only"> (unread)</span>}
        <span className="block text-xs text-slate-400">{meta}</span>
      </span>
    </Link>
  );
}

/** One notification as a link; following it marks it read. */
export function NotificationLine({ notification: n, now, showTeam, onOpen }: { notification: NotificationRow; now: number; showTeam: boolean; onOpen: (n: NotificationRow) => void }) {
  return (
    <NotificationLink
      href={notificationHref(n)}
      unread={n.readAt === null}
      text={sentence(n)}
      meta={`${showTeam ? `${n.teamName} · ` : ''}${relativeTime(new Date(n.createdAt), now)}`}
      onClick={() => onOpen(n)}
    />
  );
}

/** Several of my runs finishing close together, as one line; following it marks them all read. */
export function NotificationGroupLine({ notifications, now, showTeam, onOpen }: { notifications: NotificationRow[]; now: number; showTeam: boolean; onOpen: (ns: NotificationRow[]) => void }) {
  const first = notifications[0]!;
  const oldest = notifications[notifications.length - 1]!;
  return (
    <NotificationLink
      href={`/t/${first.teamSlug}/runs`}
      unread={first.readAt === null}
      text={groupSentence(notifications)}
      meta={`${showTeam ? `${first.teamName} · ` : ''}${relativeTime(new Date(oldest.createdAt), now)} – ${relativeTime(new Date(first.createdAt), now)}`}
      onClick={() => onOpen(notifications)}
    />
  );
}
