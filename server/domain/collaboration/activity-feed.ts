import 'server-only';
import { and, asc, desc, eq, gt, inArray, lt, max, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { activityEvents, runs, splits, users } from '@/db/schema';
import type { ActivityKind } from '@/server/shared/activity/record';

export interface ActivityFilter {
  actorId?: string;
  kinds?: ActivityKind[];
  /** The id of the last item of the previous page. */
  cursor?: number;
  limit: number;
}

/**
 * Enough to write the sentence: "Ada approved run #12 on split moons-70-15-15". Run number
 * and split name are read live (joined within the team), the payload keeps what the event
 * knew (verdict, failure kind, dataset name, role).
 */
const itemColumns = {
  id: activityEvents.id,
  kind: activityEvents.kind,
  actorId: activityEvents.actorId,
  actorName: users.name,
  runId: activityEvents.runId,
  runNumber: runs.number,
  splitId: activityEvents.splitId,
  splitName: splits.name,
  payload: activityEvents.payload,
  createdAt: activityEvents.createdAt,
};

function selectItems(db: Database, teamId: string) {
  return db
    .select(itemColumns)
    .from(activityEvents)
    .leftJoin(users, eq(users.id, activityEvents.actorId))
    .leftJoin(runs, and(eq(runs.id, activityEvents.runId), eq(runs.teamId, teamId)))
    .leftJoin(splits, and(eq(splits.id, activityEvents.splitId), eq(splits.teamId, teamId)));
}

export type ActivityItem = Awaited<ReturnType<typeof listActivity>>['items'][number];

export async function listActivity(db: Database, teamId: string, filter: ActivityFilter) {
  const conditions: (SQL | undefined)[] = [
    eq(activityEvents.teamId, teamId),
    filter.actorId ? eq(activityEvents.actorId, filter.actorId) : undefined,
    filter.kinds?.length ? inArray(activityEvents.kind, filter.kinds) : undefined,
    filter.cursor ? lt(activityEvents.id, filter.cursor) : undefined,
  ];
  const rows = await selectItems(db, teamId)
    .where(and(...conditions))
    .orderBy(desc(activityEvents.id))
    .limit(filter.limit + 1);
  const items = rows.slice(0, filter.limit).map((r) => ({ ...r, kind: r.kind as ActivityKind }));
  return { items, nextCursor: rows.length > filter.limit ? (items.at(-1)?.id ?? null) : null };
}

/** Events after `afterId`, oldest first: what a live feed has not shown yet. */
export async function activitySince(db: Database, teamId: string, afterId: number, limit = 100): Promise<ActivityItem[]> {
  const rows = await selectItems(db, teamId)
    .where(and(eq(activityEvents.teamId, teamId), gt(activityEvents.id, afterId)))
    .orderBy(asc(activityEvents.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, kind: r.kind as ActivityKind }));
}

export async function latestActivityId(db: Database, teamId: string): Promise<number> {
  const [row] = await db.select({ id: max(activityEvents.id) }).from(activityEvents).where(eq(activityEvents.teamId, teamId));
  return Number(row?.id ?? 0);
}
