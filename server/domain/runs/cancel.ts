import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { Database } from '@/db/client';
import { runs } from '@/db/schema';
import { mayChangeRun, type TeamRole } from '@/server/shared/auth/permissions';
import { TRAIN_QUEUE } from '@/server/shared/queue/queues';
import { DomainError } from '../../shared/errors';
import { markCancelled } from '../../shared/runs/lifecycle';
import { notifyRunChange } from '../../shared/runs/notify';

/**
 * A queued run is cancelled at once. A running one is flagged and its job cancelled, which
 * aborts the handler's signal; the handler stops the trainer and records `cancelled`,
 * keeping every epoch reported so far. An external run is cancelled at once; its script learns so
 * from the refusal of its next call.
 */
export async function cancelRun(db: Database, boss: PgBoss, actor: { userId: string; role: TeamRole }, teamId: string, runId: string): Promise<void> {
  const [run] = await db
    .select({ id: runs.id, teamId: runs.teamId, status: runs.status, createdBy: runs.createdBy, jobId: runs.jobId, pool: runs.pool, origin: runs.origin })
    .from(runs)
    .where(and(eq(runs.id, runId), eq(runs.teamId, teamId)));
  if (!run) throw new DomainError('NOT_FOUND', 'No such run in this team.');
  if (!mayChangeRun(actor, run.createdBy)) {
    throw new DomainError('FORBIDDEN', 'Only the person who launched this run, or a team admin, can cancel it.');
  }
  if (run.status !== 'queued' && run.status !== 'running') {
    throw new DomainError('PRECONDITION_FAILED', `This run already ended (${run.status}).`);
  }
  await db.transaction(async (tx) => {
    await tx
      .update(runs)
      .set({ cancelRequestedAt: sql`now()` })
      .where(and(eq(runs.id, run.id), inArray(runs.status, ['queued', 'running'])));
    await notifyRunChange(tx, run.teamId, run.id, 'status');
  });
  if (run.jobId) await boss.cancel(TRAIN_QUEUE, run.jobId).catch(() => undefined);
  // Queued: no handler will ever see it. External: no handler at all (the script's next call is refused).
  // Running on a worker: the handler records it.
  if (run.status === 'queued' || run.origin === 'external') await markCancelled(db, run);
}
