import 'server-only';
import { and, count, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { runs, sweeps, sweepTrials, testEvaluations } from '@/db/schema';
import { mayChangeRun, type TeamRole } from '@/server/shared/auth/permissions';
import { DomainError } from '@/server/shared/errors';
import { notifyRunChange } from '@/server/shared/runs/notify';

/**
 * Tidying runs. Archiving hides a finished run from the runs table and the leaderboard and keeps
 * everything: its numbers, its test evaluation in the audit log, its look at dev (the leaderboard
 * still counts it). Deleting removes a run and what only it owns (epochs, logs, comments, logged
 * metrics), and is refused where something depends on it: a test evaluation (the audit log is
 * append-only) or a sweep (its trials are its history). The run's author or a team admin decides.
 */
interface Actor {
  userId: string;
  role: TeamRole;
}

async function loadForChange(db: Database, actor: Actor, teamId: string, runId: string, verb: string) {
  const [run] = await db
    .select({ id: runs.id, number: runs.number, status: runs.status, createdBy: runs.createdBy, archivedAt: runs.archivedAt })
    .from(runs)
    .where(and(eq(runs.id, runId), eq(runs.teamId, teamId)));
  if (!run) throw new DomainError('NOT_FOUND', 'No such run in this team.');
  if (!mayChangeRun(actor, run.createdBy)) throw new DomainError('FORBIDDEN', `Only the person who launched run #${run.number}, or a team admin, can ${verb} it.`);
  if (run.status === 'queued' || run.status === 'running') throw new DomainError('PRECONDITION_FAILED', `Run #${run.number} is ${run.status}: cancel it (or let it finish) before you ${verb} it.`);
  return run;
}

export async function setRunArchived(db: Database, actor: Actor, teamId: string, runId: string, archived: boolean): Promise<void> {
  const run = await loadForChange(db, actor, teamId, runId, archived ? 'archive' : 'restore');
  if (Boolean(run.archivedAt) === archived) return;
  await db.transaction(async (tx) => {
    await tx.update(runs).set({ archivedAt: archived ? sql`now()` : null }).where(eq(runs.id, run.id));
    await notifyRunChange(tx, teamId, run.id, 'status');
  });
}

export async function deleteRun(db: Database, actor: Actor, teamId: string, runId: string): Promise<void> {
  const run = await loadForChange(db, actor, teamId, runId, 'delete');
  const [[evaluated], [trial]] = await Promise.all([
    db.select({ n: count() }).from(testEvaluations).where(eq(testEvaluations.runId, run.id)),
    db.select({ sweepNumber: sweeps.number }).from(sweepTrials).innerJoin(sweeps, eq(sweeps.id, sweepTrials.sweepId)).where(eq(sweepTrials.runId, run.id)).limit(1),
  ]);
  if ((evaluated?.n ?? 0) > 0) throw new DomainError('PRECONDITION_FAILED', `Run #${run.number} was evaluated on the test split, and the test audit log keeps every evaluation: archive it instead.`);
  if (trial) throw new DomainError('PRECONDITION_FAILED', `Run #${run.number} is a trial of sweep #${trial.sweepNumber}, whose results it is part of: archive it instead.`);
  await db.transaction(async (tx) => {
    await tx.delete(runs).where(eq(runs.id, run.id));
    await notifyRunChange(tx, teamId, run.id, 'status');
  });
}
