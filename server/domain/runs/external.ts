import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { runs, runTags } from '@/db/schema';
import { mayChangeRun, type TeamRole } from '@/server/shared/auth/permissions';
import { DomainError } from '@/server/shared/errors';
import { recordActivity } from '@/server/shared/activity/record';
import { insertRunRow, runSplitOf } from '@/server/shared/runs/enqueue';
import { completeExternalRun, failRun, markCancelled, recordLog } from '@/server/shared/runs/lifecycle';
import { notifyRunChange } from '@/server/shared/runs/notify';
import type { z } from 'zod';
import type { externalRunCreateInput, finishExternalRunInput, logParamsInput } from '@/server/shared/runs/external-run-input';
import { normalizeTags } from '../collaboration/tags';

/**
 * Runs trained elsewhere (a PyTorch script, Keras, an MLflow script) that report through the API.
 * They live on a team's frozen split like any run, but Holdout never trains them: no job, no
 * heartbeat; they go `running` → `succeeded | failed | cancelled` when the script says so. What the
 * script logs is self-reported (metrics.ts here, shown apart); they rank only through dev
 * predictions the server scores itself (predictions.ts).
 */
export interface Actor {
  userId: string;
  role: TeamRole;
}

export type ExternalRunRow = Pick<typeof runs.$inferSelect, 'id' | 'teamId' | 'number' | 'status' | 'splitId' | 'datasetVersionId' | 'createdBy' | 'config' | 'classes'>;

export async function createExternalRun(
  db: Database,
  actor: Actor,
  teamId: string,
  input: z.output<typeof externalRunCreateInput>,
): Promise<{ id: string; number: number }> {
  const split = await runSplitOf(db, teamId, input.splitId);
  if (!split) throw new DomainError('NOT_FOUND', 'splitId: No split with this id in this team.');
  if (split.archivedAt) throw new DomainError('PRECONDITION_FAILED', `splitId: The split “${split.name}” is archived and takes no new runs; unarchive it first.`);
  const tags = normalizeTags(input.tags);
  if (!tags.ok) throw new DomainError('BAD_INPUT', `tags: ${tags.message}`);
  const seed = input.config.seed;
  return db.transaction(async (tx) => {
    const run = await insertRunRow(tx, {
      teamId,
      userId: actor.userId,
      split,
      values: {
        origin: 'external',
        config: input.config,
        source: input.source,
        // Always named: the default run name reads a trainer config, which a script's free JSON is not.
        name: input.name ?? input.source.script ?? 'External run',
        seed: Number.isSafeInteger(seed) && Math.abs(seed as number) < 2 ** 31 ? (seed as number) : 0,
        pool: 'cpu',
        epochsPlanned: 0,
        status: 'running',
        startedAt: new Date(),
      },
    });
    if (tags.tags.length) await tx.insert(runTags).values(tags.tags.map((tag) => ({ runId: run.id, teamId, tag })));
    await notifyRunChange(tx, teamId, run.id, 'status');
    await recordActivity(tx, { teamId, actorId: actor.userId, kind: 'run.launched', runId: run.id, splitId: split.id, payload: { runNumber: run.number, splitName: split.name, external: true } });
    return run;
  });
}

/**
 * Reads an external run for a change by its script and locks its row for the transaction, so two
 * batches for one run apply one after the other. Refuses, naming why: not in this team, trained by
 * Holdout, not the caller's to change, or (with `running`) already ended.
 */
export async function lockExternalRun(tx: Database, actor: Actor, teamId: string, runId: string, need: 'running' | 'any' = 'running'): Promise<ExternalRunRow> {
  const [run] = await tx
    .select({
      id: runs.id,
      teamId: runs.teamId,
      number: runs.number,
      status: runs.status,
      origin: runs.origin,
      splitId: runs.splitId,
      datasetVersionId: runs.datasetVersionId,
      createdBy: runs.createdBy,
      config: runs.config,
      classes: runs.classes,
    })
    .from(runs)
    .where(and(eq(runs.id, runId), eq(runs.teamId, teamId)))
    .for('update');
  if (!run) throw new DomainError('NOT_FOUND', 'runId: No run with this id in this team.');
  if (run.origin !== 'external') throw new DomainError('PRECONDITION_FAILED', `runId: Run #${run.number} was trained by Holdout's own trainer; only external runs take logged metrics, params and predictions.`);
  if (!mayChangeRun(actor, run.createdBy)) throw new DomainError('FORBIDDEN', `runId: Run #${run.number} belongs to a teammate: only its author or a team admin can report to it.`);
  if (need === 'running' && run.status !== 'running') {
    throw new DomainError('PRECONDITION_FAILED', `runId: Run #${run.number} is ${run.status}: a finished run takes no more reports. Start a new run.`);
  }
  const { origin: _origin, ...row } = run;
  return row;
}

/**
 * Params join the run's config (the free JSON it was created with). Like MLflow, a param once set
 * keeps its value: sending the same value again is fine (a retry), a different one is refused.
 */
export async function logExternalParams(db: Database, actor: Actor, teamId: string, input: z.output<typeof logParamsInput>): Promise<{ params: number }> {
  return db.transaction(async (tx) => {
    const run = await lockExternalRun(tx, actor, teamId, input.runId);
    const config = (run.config ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(input.params)) {
      if (key in config && JSON.stringify(config[key]) !== JSON.stringify(value)) {
        throw new DomainError('CONFLICT', `params.${key}: already logged as ${JSON.stringify(config[key])}; a param keeps its first value (log a metric for values that change).`);
      }
    }
    const merged = { ...config, ...input.params };
    await tx.update(runs).set({ config: merged }).where(eq(runs.id, run.id));
    await notifyRunChange(tx, teamId, run.id, 'log');
    return { params: Object.keys(merged).length };
  });
}

/** The script's last word: succeeded, failed (with its reason) or cancelled. Repeating the same ending is not an error. */
export async function finishExternalRun(db: Database, actor: Actor, teamId: string, input: z.output<typeof finishExternalRunInput>): Promise<{ status: ExternalRunRow['status'] }> {
  const run = await db.transaction((tx) => lockExternalRun(tx, actor, teamId, input.runId, 'any'));
  if (run.status === input.status) return { status: run.status };
  if (run.status !== 'running') throw new DomainError('PRECONDITION_FAILED', `runId: Run #${run.number} already ended ${run.status}.`);
  const target = { id: run.id, teamId };
  if (input.status === 'succeeded') await completeExternalRun(db, target);
  else if (input.status === 'cancelled') await markCancelled(db, target);
  else {
    const reason = input.reason?.trim() || 'The script reported that the run failed.';
    await recordLog(db, target, 'error', reason);
    await failRun(db, target, 'external', reason);
  }
  const [after] = await db.select({ status: runs.status }).from(runs).where(eq(runs.id, run.id));
  return { status: after!.status };
}
