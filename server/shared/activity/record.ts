import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { activityEvents } from '@/db/schema';

export const ACTIVITY_KINDS = [
  'run.launched',
  'run.succeeded',
  'run.failed',
  'run.cancelled',
  'run.ready_for_review',
  'sweep.launched',
  'comment.posted',
  'review.approved',
  'review.changes_requested',
  'split.frozen',
  'dataset.registered',
  'test_evaluation.completed',
  'member.joined',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ACTIVITY_CHANNEL = 'holdout_activity';

/**
 * Appends to the team's activity feed inside the caller's transaction, with a NOTIFY (ids
 * only) so live feeds refresh; both happen only if the action itself commits.
 */
export async function recordActivity(
  db: Database,
  event: { teamId: string; actorId: string | null; kind: ActivityKind; runId?: string | null; splitId?: string | null; payload?: Record<string, unknown> },
): Promise<number> {
  const [row] = await db
    .insert(activityEvents)
    .values({ teamId: event.teamId, actorId: event.actorId, kind: event.kind, runId: event.runId ?? null, splitId: event.splitId ?? null, payload: event.payload ?? {} })
    .returning({ id: activityEvents.id });
  await db.execute(sql`SELECT pg_notify(${ACTIVITY_CHANNEL}, ${JSON.stringify({ teamId: event.teamId, id: row!.id, kind: event.kind })})`);
  return row!.id;
}
