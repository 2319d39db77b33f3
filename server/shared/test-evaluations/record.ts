import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { datasetVersions, runs, testEvaluationResults, testEvaluations } from '@/db/schema';
import type { FittedPreprocessing } from '@/server/shared/tabular';
import { recordActivity } from '../activity/record';
import type { TestScore } from './scoring';

/** What the handler needs to evaluate: the audited request and the run's stored artifacts (keys stay server-side). */
export interface EvaluationTarget {
  id: string;
  teamId: string;
  splitId: string;
  runId: string;
  runNumber: number;
  requestedBy: string | null;
  modelHash: string;
  datasetVersionId: string;
  taskKind: 'classification' | 'regression';
  classes: string[];
  weightsBlobKey: string | null;
  preprocessing: FittedPreprocessing | null;
  hasResult: boolean;
}

export async function loadEvaluationTarget(db: Database, evaluationId: string): Promise<EvaluationTarget | null> {
  const [row] = await db
    .select({
      id: testEvaluations.id,
      teamId: testEvaluations.teamId,
      splitId: testEvaluations.splitId,
      runId: testEvaluations.runId,
      runNumber: runs.number,
      requestedBy: testEvaluations.requestedBy,
      modelHash: testEvaluations.modelHash,
      datasetVersionId: runs.datasetVersionId,
      taskKind: datasetVersions.taskKind,
      classes: runs.classes,
      weightsBlobKey: runs.weightsBlobKey,
      preprocessing: runs.preprocessing,
      resultId: testEvaluationResults.evaluationId,
    })
    .from(testEvaluations)
    .innerJoin(runs, and(eq(runs.id, testEvaluations.runId), eq(runs.teamId, testEvaluations.teamId)))
    .innerJoin(datasetVersions, eq(datasetVersions.id, runs.datasetVersionId))
    .leftJoin(testEvaluationResults, eq(testEvaluationResults.evaluationId, testEvaluations.id))
    .where(eq(testEvaluations.id, evaluationId));
  if (!row) return null;
  const { resultId, preprocessing, ...rest } = row;
  return { ...rest, preprocessing: (preprocessing as FittedPreprocessing | null) ?? null, hasResult: resultId !== null };
}

export type EvaluationOutcome = { outcome: 'ok'; score: TestScore } | { outcome: 'failed'; error: string };

/**
 * Appends the result and its activity in one transaction. At most one result per evaluation: a
 * retried job that finds one already recorded changes nothing (the table refuses updates anyway).
 */
export async function recordEvaluationResult(db: Database, target: EvaluationTarget, result: EvaluationOutcome): Promise<boolean> {
  return db.transaction(async (tx) => {
    const values =
      result.outcome === 'ok'
        ? { outcome: 'ok', metric: result.score.metric, score: result.score.score, ciLow: result.score.ciLow, ciHigh: result.score.ciHigh, testCount: result.score.testCount, detail: result.score.detail }
        : { outcome: 'failed', error: result.error };
    const inserted = await tx
      .insert(testEvaluationResults)
      .values({ evaluationId: target.id, teamId: target.teamId, ...values })
      .onConflictDoNothing()
      .returning({ id: testEvaluationResults.evaluationId });
    if (inserted.length === 0) return false;
    await recordActivity(tx, {
      teamId: target.teamId,
      actorId: target.requestedBy,
      kind: 'test_evaluation.completed',
      runId: target.runId,
      splitId: target.splitId,
      payload:
        result.outcome === 'ok'
          ? { evaluationId: target.id, runNumber: target.runNumber, outcome: 'ok', metric: result.score.metric, score: result.score.score, ciLow: result.score.ciLow, ciHigh: result.score.ciHigh, testCount: result.score.testCount }
          : { evaluationId: target.id, runNumber: target.runNumber, outcome: 'failed' },
    });
    return true;
  });
}
