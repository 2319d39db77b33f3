import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

export const EVENTS_CHANNEL = 'holdout_events';

export const RUN_CHANGE_KINDS = ['status', 'epoch', 'log'] as const;
export type RunChangeKind = (typeof RUN_CHANGE_KINDS)[number];

/**
 * Tells every web process that a run changed. Ids only: listeners re-read what changed, so
 * nothing sensitive rides on NOTIFY. Sent inside the writer's transaction, it is delivered
 * only if that transaction commits.
 */
export async function notifyRunChange(db: Database, teamId: string, runId: string, kind: RunChangeKind): Promise<void> {
  const payload = JSON.stringify({ teamId, runId, kind });
  await db.execute(sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${payload})`);
}
