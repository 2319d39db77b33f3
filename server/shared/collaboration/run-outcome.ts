import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { runs, splits } from '@/db/schema';
import { recordActivity } from '@/server/shared/activity/record';
import { notifyUsers } from './notify-users';

/**
 * A run ended: the team feed says so and its author is told (a cancel is usually the
 * author's own doing, so it goes to the feed only). Called inside the transition's
 * transaction, after the conditional update succeeded, so a lost race records nothing.
 */
export async function recordRunOutcome(db: Database, run: { id: string; teamId: string }, kind: 'run.succeeded' | 'run.failed' | 'run.cancelled'): Promise<void> {
  const [row] = await db
    .select({ number: runs.number, createdBy: runs.createdBy, splitId: runs.splitId, splitName: splits.name, failureKind: runs.failureKind })
    .from(runs)
    .innerJoin(splits, eq(splits.id, runs.splitId))
    .where(eq(runs.id, run.id));
  if (!row) return;
  const payload = { runNumber: row.number, splitName: row.splitName, ...(kind === 'run.failed' ? { failureKind: row.failureKind } : {}) };
  const activityId = await recordActivity(db, { teamId: run.teamId, actorId: row.createdBy, kind, runId: run.id, splitId: row.splitId, payload });
  if (kind !== 'run.cancelled' && row.createdBy) {
    await notifyUsers(db, { teamId: run.teamId, userIds: [row.createdBy], kind, runId: run.id, activityId, payload });
  }
}
