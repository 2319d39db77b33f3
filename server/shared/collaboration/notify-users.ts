import type { Database } from '@/db/client';
import { notifications } from '@/db/schema';

export const NOTIFICATION_KINDS = ['mention', 'review.requested', 'review.given', 'run.succeeded', 'run.failed'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * One in-app notification per recipient, written in the caller's transaction so it exists
 * only if the action does. `activityId` links the feed entry, which names the actor.
 */
export async function notifyUsers(
  db: Database,
  input: { teamId: string; userIds: readonly string[]; kind: NotificationKind; runId?: string | null; activityId?: number | null; payload?: Record<string, unknown> },
): Promise<void> {
  const userIds = [...new Set(input.userIds)];
  if (!userIds.length) return;
  await db.insert(notifications).values(
    userIds.map((userId) => ({
      userId,
      teamId: input.teamId,
      kind: input.kind,
      runId: input.runId ?? null,
      activityId: input.activityId ?? null,
      payload: input.payload ?? {},
    })),
  );
}
