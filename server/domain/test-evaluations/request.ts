import 'server-only';
import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { fromDrizzle, type PgBoss } from 'pg-boss';
import type { Database } from '@/db/client';
import { runs, splits, testEvaluationResults, testEvaluations } from '@/db/schema';
import { DomainError } from '../../shared/errors';
import { budgetSpentMessage, lockSealedSetBudget, readBudgetState } from './budget';
import { evaluatesSameModelAs } from './same-model';
import { TEST_EVAL_QUEUE, type TestEvalJob } from '@/server/shared/queue/queues';

export const MAX_REASON_LENGTH = 1000;

/**
 * Grants or refuses one test evaluation of a finished run. Under its sealed set's budget lock, in one
 * transaction: count this window's evaluations, refuse if the budget is spent, else append the
 * evaluation (the audit row) and its job. N concurrent requests against a budget of k therefore
 * grant exactly min(N, k) and never more; the scoring itself happens in the worker.
 *
 * Scoring is deterministic, so a model already scored (or being scored) on these sealed rows is
 * not scored again: the earlier evaluation is returned with `reused: true`, and nothing is spent,
 * even when the budget is.
 */
export async function requestEvaluation(
  db: Database,
  boss: PgBoss,
  input: { teamId: string; userId: string; runId: string; reason?: string },
): Promise<{ id: string; reused: boolean }> {
  const reason = (input.reason ?? '').trim();
  if (reason.length > MAX_REASON_LENGTH) throw new DomainError('BAD_INPUT', `reason: Keep it under ${MAX_REASON_LENGTH} characters.`);
  const [run] = await db
    .select({ id: runs.id, number: runs.number, splitId: runs.splitId, sealedSetId: splits.sealedSetId, status: runs.status, weightsBlobKey: runs.weightsBlobKey, weightsHash: runs.weightsHash })
    .from(runs)
    .innerJoin(splits, eq(splits.id, runs.splitId))
    .where(and(eq(runs.id, input.runId), eq(runs.teamId, input.teamId)));
  if (!run) throw new DomainError('NOT_FOUND', 'No such run in this team.');
  if (run.status !== 'succeeded') {
    throw new DomainError('PRECONDITION_FAILED', `Run #${run.number} is ${run.status}: only a succeeded run can be evaluated on the test split.`);
  }
  if (!run.weightsBlobKey || !run.weightsHash) {
    throw new DomainError('PRECONDITION_FAILED', `Run #${run.number} has no saved weights, so it can't be evaluated on the test split.`);
  }

  return db.transaction(async (tx) => {
    const granted = await grantEvaluation(tx, {
      teamId: input.teamId,
      userId: input.userId,
      run,
      modelHash: run.weightsHash!,
      reason,
      earlier: () => earlierEvaluationOfSameModel(tx, input.teamId, run.id),
    });
    if (!granted.reused) {
      const job: TestEvalJob = { evaluationId: granted.id, v: 1 };
      await boss.send(TEST_EVAL_QUEUE, job, { db: fromDrizzle(tx as never, sql as never) });
    }
    return granted;
  });
}

/**
 * The one gate every test evaluation passes, built-in or external, inside the caller's transaction:
 * take the sealed set's budget lock, return an earlier evaluation of the same model if there is one
 * (nothing spent), refuse when the budget is spent, else append the audit row.
 */
export async function grantEvaluation(
  tx: Database,
  input: { teamId: string; userId: string; run: { id: string; splitId: string; sealedSetId: string }; modelHash: string; reason: string; earlier: () => Promise<string | null> },
): Promise<{ id: string; reused: boolean }> {
  // One budget per sealed set: every split of the dataset version has these test rows.
  await lockSealedSetBudget(tx, input.run.sealedSetId);
  const earlier = await input.earlier();
  if (earlier) return { id: earlier, reused: true };
  const budget = await readBudgetState(tx, input.teamId, { id: input.run.splitId, sealedSetId: input.run.sealedSetId });
  if (budget.remaining <= 0) throw new DomainError('TOO_MANY_REQUESTS', budgetSpentMessage(budget));
  const [evaluation] = await tx
    .insert(testEvaluations)
    .values({ teamId: input.teamId, splitId: input.run.splitId, sealedSetId: input.run.sealedSetId, runId: input.run.id, requestedBy: input.userId, modelHash: input.modelHash, reason: input.reason })
    .returning({ id: testEvaluations.id });
  return { id: evaluation!.id, reused: false };
}

/** The newest evaluation of the same model, pending or scored: a failed one revealed nothing. */
async function earlierEvaluationOfSameModel(db: Database, teamId: string, runId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: testEvaluations.id })
    .from(testEvaluations)
    .leftJoin(testEvaluationResults, eq(testEvaluationResults.evaluationId, testEvaluations.id))
    .where(and(eq(testEvaluations.teamId, teamId), evaluatesSameModelAs(runId), or(isNull(testEvaluationResults.outcome), eq(testEvaluationResults.outcome, 'ok'))))
    .orderBy(desc(testEvaluations.requestedAt), desc(testEvaluations.id))
    .limit(1);
  return row?.id ?? null;
}
