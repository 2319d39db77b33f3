import type { NotificationRow } from './notification-item';

/**
 * A sweep or a batch of runs finishes many runs in a short while: their "your run finished"
 * notifications are folded into one line (from GROUP_MIN of them, same team, same read state, each
 * within GROUP_WINDOW_MS of the group's newest), so mentions and reviews do not drown. Pure: the
 * bell and the notifications page share it, and it is unit-tested.
 */
export const GROUP_MIN = 3;
export const GROUP_WINDOW_MS = 60 * 60 * 1000;

export type NotificationEntry = { kind: 'one'; notification: NotificationRow } | { kind: 'runs'; notifications: NotificationRow[] };

const isOutcome = (n: NotificationRow) => n.kind === 'run.succeeded' || n.kind === 'run.failed';

/** Items newest first (as listed) into lines: single notifications, and groups of run outcomes. */
export function groupNotifications(items: NotificationRow[]): NotificationEntry[] {
  const out: NotificationEntry[] = [];
  let run: NotificationRow[] = [];
  const flush = () => {
    if (run.length >= GROUP_MIN) out.push({ kind: 'runs', notifications: run });
    else for (const n of run) out.push({ kind: 'one', notification: n });
    run = [];
  };
  for (const n of items) {
    const head = run[0];
    const fits =
      head !== undefined &&
      isOutcome(n) &&
      n.teamId === head.teamId &&
      (n.readAt === null) === (head.readAt === null) &&
      new Date(head.createdAt).getTime() - new Date(n.createdAt).getTime() <= GROUP_WINDOW_MS;
    if (!fits) flush();
    if (isOutcome(n)) run.push(n);
    else out.push({ kind: 'one', notification: n });
  }
  flush();
  return out;
}

export function groupSentence(group: NotificationRow[]): string {
  const failed = group.filter((n) => n.kind === 'run.failed').length;
  const succeeded = group.length - failed;
  const parts = [succeeded ? `${succeeded} succeeded` : null, failed ? `${failed} failed` : null].filter(Boolean).join(', ');
  return `${group.length} of your runs finished (${parts})`;
}
