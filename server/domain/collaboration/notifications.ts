import 'server-only';
import { and, count, desc, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { activityEvents, memberships, notifications, runs, teams, users } from '@/db/schema';
import type { NotificationKind } from '../../shared/collaboration/notify-users';

/**
 * The caller's own notifications, and only from teams they still belong to: leaving a team
 * hides what it sent. Every query here is keyed by `userId` first.
 */
function ownVisible(userId: string, teamId?: string): SQL {
  return and(eq(notifications.userId, userId), teamId ? eq(notifications.teamId, teamId) : undefined)!;
}

export async function listNotifications(
  db: Database,
  userId: string,
  filter: { teamId?: string; unreadOnly?: boolean; cursor?: number; limit: number },
) {
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      teamId: notifications.teamId,
      teamSlug: teams.slug,
      teamName: teams.name,
      runId: notifications.runId,
      runNumber: runs.number,
      actorId: activityEvents.actorId,
      actorName: users.name,
      payload: notifications.payload,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .innerJoin(memberships, and(eq(memberships.teamId, notifications.teamId), eq(memberships.userId, notifications.userId)))
    .innerJoin(teams, eq(teams.id, notifications.teamId))
    .leftJoin(runs, and(eq(runs.id, notifications.runId), eq(runs.teamId, notifications.teamId)))
    .leftJoin(activityEvents, and(eq(activityEvents.id, notifications.activityId), eq(activityEvents.teamId, notifications.teamId)))
    .leftJoin(users, eq(users.id, activityEvents.actorId))
    .where(
      and(
        ownVisible(userId, filter.teamId),
        filter.unreadOnly ? isNull(notifications.readAt) : undefined,
        filter.cursor ? lt(notifications.id, filter.cursor) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(filter.limit + 1);
  const items = rows.slice(0, filter.limit).map((r) => ({ ...r, kind: r.kind as NotificationKind }));
  return { items, nextCursor: rows.length > filter.limit ? (items.at(-1)?.id ?? null) : null };
}

export async function unreadCount(db: Database, userId: string, teamId?: string): Promise<{ count: number }> {
  const [row] = await db
    .select({ count: count() })
    .from(notifications)
    .innerJoin(memberships, and(eq(memberships.teamId, notifications.teamId), eq(memberships.userId, notifications.userId)))
    .where(and(ownVisible(userId, teamId), isNull(notifications.readAt)));
  return { count: row?.count ?? 0 };
}

/** Marks the caller's own notifications read; ids that are not theirs are silently skipped. */
export async function markNotificationsRead(db: Database, userId: string, target: { ids: number[] } | { all: true; teamId?: string }): Promise<{ updated: number }> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        'ids' in target ? and(eq(notifications.userId, userId), inArray(notifications.id, target.ids)) : ownVisible(userId, target.teamId),
        isNull(notifications.readAt),
      ),
    )
    .returning({ id: notifications.id });
  return { updated: rows.length };
}
