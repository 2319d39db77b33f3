import 'server-only';
import crypto from 'node:crypto';
import { and, desc, eq, isNull, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '@/db/client';
import { runs, splits, testEvaluationResults, testEvaluations } from '@/db/schema';
import { DomainError } from '@/server/shared/errors';
import type { BlobStore } from '@/server/shared/storage/blob-store';
import { loadTrainingData } from '@/server/shared/runs/training-data';
import { recordLog } from '@/server/shared/runs/lifecycle';
import { notifyRunChange } from '@/server/shared/runs/notify';
import { classificationMetrics, regressionMetrics } from '@/server/shared/stats/task-metrics';
import { loadEvaluationTarget, recordEvaluationResult, type EvaluationOutcome } from '@/server/shared/test-evaluations/record';
import { scoreClassification, scoreRegression } from '@/server/shared/test-evaluations/scoring';
import { loadTestRows, sealedTestLabels, sealedTestValues } from '@/server/shared/test-evaluations/test-data';
import type { devPredictionsInput, testPredictionsInput } from '@/server/shared/runs/external-run-input';
import { grantEvaluation, MAX_REASON_LENGTH } from '../test-evaluations/request';
import { lockExternalRun, type Actor } from './external';

/**
 * The server scores an external run itself: the script sends predictions, never scores. Dev
 * predictions are scored exactly as a built-in run's (the same metric code and the same stored
 * predictions blob, so leaderboards, intervals, paired tests and the Ladder treat both alike); test
 * predictions pass the same budget lock and audit log as a built-in test evaluation, and only the
 * aggregate score comes back.
 */

type Prediction = string | number;

/** Class names to class indices; refuses, naming the row, a class the split does not have. */
function classIndices(predictions: readonly Prediction[], classes: readonly string[], part: 'dev' | 'test'): Int32Array {
  const index = new Map(classes.map((c, i) => [c, i]));
  return Int32Array.from(predictions, (p, i) => {
    const k = index.get(String(p));
    if (k === undefined) {
      const shown = classes.length <= 12 ? classes.join(', ') : `${classes.slice(0, 12).join(', ')}, … (${classes.length} in all)`;
      const known = part === 'dev' ? "a class of this split's train and dev rows" : 'one of the classes this run was scored on in dev';
      throw new DomainError('BAD_INPUT', `predictions[${i}]: ${JSON.stringify(p)} is not ${known} (${shown}).`);
    }
    return k;
  });
}

function numbers(predictions: readonly Prediction[]): Float64Array {
  return Float64Array.from(predictions, (p, i) => {
    if (typeof p !== 'number' || !Number.isFinite(p)) throw new DomainError('BAD_INPUT', `predictions[${i}]: a regression split takes a finite number per row, not ${JSON.stringify(p)}.`);
    return p;
  });
}

function checkCount(predictions: readonly Prediction[], rows: number, part: 'dev' | 'test'): void {
  if (predictions.length !== rows) {
    throw new DomainError(
      'BAD_INPUT',
      `predictions: ${predictions.length} predictions for ${rows} ${part} rows; send one per ${part} row, in the order of the ${part} download (ascending row).`,
    );
  }
}

export interface DevScore {
  metric: 'accuracy' | 'rmse';
  accuracy: number | null;
  macroF1: number | null;
  rmse: number | null;
  mae: number | null;
  r2: number | null;
  devCount: number;
}

export async function submitDevPredictions(db: Database, blobs: BlobStore, actor: Actor, teamId: string, input: z.output<typeof devPredictionsInput>): Promise<DevScore> {
  const run = await db.transaction((tx) => lockExternalRun(tx, actor, teamId, input.runId));
  const data = await loadTrainingData(db, blobs, { splitId: run.splitId, datasetVersionId: run.datasetVersionId });
  checkCount(input.predictions, data.devRows.length, 'dev');

  let update: Partial<typeof runs.$inferInsert>;
  let predicted: number[];
  let score: DevScore;
  if (data.taskKind === 'classification') {
    const indices = classIndices(input.predictions, data.classes, 'dev');
    const { metrics, confusionMatrix } = classificationMetrics(data.dev.target, indices, data.classes.length);
    predicted = Array.from(indices);
    update = { devAccuracy: metrics.accuracy, devMacroF1: metrics.macroF1, confusionMatrix, classes: data.classes };
    score = { metric: 'accuracy', accuracy: metrics.accuracy, macroF1: metrics.macroF1, rmse: null, mae: null, r2: null, devCount: indices.length };
  } else {
    const values = numbers(input.predictions);
    const metrics = regressionMetrics(data.dev.target, values);
    predicted = Array.from(values);
    update = { devRmse: metrics.rmse, devMae: metrics.mae, devR2: metrics.r2, confusionMatrix: null, classes: [] };
    score = { metric: 'rmse', accuracy: null, macroF1: null, ...metrics, devCount: values.length };
  }
  // The same blob a built-in run's handler writes (workers/handler/train-handler.ts), so every reader treats both alike.
  const blob = await blobs.put(Buffer.from(JSON.stringify({ kind: data.taskKind, rows: Array.from(data.devRows), predicted, actual: Array.from(data.dev.target) })));
  await db.transaction(async (tx) => {
    await lockExternalRun(tx, actor, teamId, run.id); // Still running: a finish that raced this call wins.
    await tx.update(runs).set({ ...update, devPredictionsBlobKey: blob.key }).where(eq(runs.id, run.id));
    await notifyRunChange(tx, teamId, run.id, 'status');
  });
  const words = score.metric === 'accuracy' ? `accuracy ${(score.accuracy! * 100).toFixed(2)} %` : `RMSE ${score.rmse!.toPrecision(4)}`;
  await recordLog(db, { id: run.id, teamId }, 'info', `Dev predictions scored by the server: ${words} on ${score.devCount} dev rows.`);
  return score;
}

export interface ExternalTestResult {
  evaluationId: string;
  reused: boolean;
  outcome: 'ok' | 'failed';
  metric: string | null;
  score: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  testCount: number | null;
  error: string | null;
}

/**
 * A test evaluation of an external run: its test predictions, checked (row count, classes) before
 * anything is spent, then granted under the sealed set's budget lock and scored against the sealed
 * labels in the same transaction, so a request is either refused with nothing spent or audited and
 * scored. The same predictions sent again reuse the earlier evaluation and spend nothing.
 */
export async function submitTestPredictions(
  db: Database,
  blobs: BlobStore,
  actor: Actor,
  teamId: string,
  input: z.output<typeof testPredictionsInput>,
): Promise<ExternalTestResult> {
  const reason = (input.reason ?? '').trim();
  if (reason.length > MAX_REASON_LENGTH) throw new DomainError('BAD_INPUT', `reason: Keep it under ${MAX_REASON_LENGTH} characters.`);
  const run = await db.transaction((tx) => lockExternalRun(tx, actor, teamId, input.runId, 'any'));
  if (run.status !== 'succeeded') {
    throw new DomainError('PRECONDITION_FAILED', `runId: Run #${run.number} is ${run.status}: finish it (status succeeded) before asking for its one test evaluation.`);
  }
  const [meta] = await db
    .select({ sealedSetId: splits.sealedSetId, devPredictionsBlobKey: runs.devPredictionsBlobKey })
    .from(runs)
    .innerJoin(splits, eq(splits.id, runs.splitId))
    .where(eq(runs.id, run.id));
  if (!meta?.devPredictionsBlobKey) {
    throw new DomainError('PRECONDITION_FAILED', `runId: Run #${run.number} has no server-scored dev predictions: submit dev predictions first, so the model you test is the one compared on dev.`);
  }
  const test = await loadTestRows(db, blobs, { splitId: run.splitId, datasetVersionId: run.datasetVersionId });
  if (test.rows.length === 0) throw new DomainError('PRECONDITION_FAILED', 'This split has no test rows.');
  checkCount(input.predictions, test.rows.length, 'test');
  const classes = run.classes;
  const predicted = classes.length > 0 ? classIndices(input.predictions, classes, 'test') : numbers(input.predictions);
  // The model is known by what it predicts: identical predictions are the same evaluation.
  const modelHash = crypto.createHash('sha256').update(`holdout-external-predictions:v1\n${JSON.stringify(Array.from(predicted))}`).digest('hex');

  const granted = await db.transaction(async (tx) => {
    const grant = await grantEvaluation(tx, {
      teamId,
      userId: actor.userId,
      run: { id: run.id, splitId: run.splitId, sealedSetId: meta.sealedSetId },
      modelHash,
      reason,
      earlier: () => earlierEvaluationOfPredictions(tx, teamId, meta.sealedSetId, modelHash),
    });
    if (grant.reused) return grant;
    let outcome: EvaluationOutcome;
    try {
      const score = classes.length > 0 ? scoreClassification(sealedTestLabels(test), predicted, classes) : scoreRegression(sealedTestValues(test), predicted);
      outcome = { outcome: 'ok', score };
    } catch (error) {
      outcome = { outcome: 'failed', error: `The predictions could not be scored: ${(error as Error).message}.` };
    }
    const target = await loadEvaluationTarget(tx, grant.id);
    await recordEvaluationResult(tx, target!, outcome);
    return grant;
  });
  const [result] = await db.select().from(testEvaluationResults).where(eq(testEvaluationResults.evaluationId, granted.id));
  return {
    evaluationId: granted.id,
    reused: granted.reused,
    outcome: result?.outcome === 'ok' ? 'ok' : 'failed',
    metric: result?.metric ?? null,
    score: result?.score ?? null,
    ciLow: result?.ciLow ?? null,
    ciHigh: result?.ciHigh ?? null,
    testCount: result?.testCount ?? null,
    error: result?.error ?? null,
  };
}

async function earlierEvaluationOfPredictions(db: Database, teamId: string, sealedSetId: string, modelHash: string): Promise<string | null> {
  const [row] = await db
    .select({ id: testEvaluations.id })
    .from(testEvaluations)
    .leftJoin(testEvaluationResults, eq(testEvaluationResults.evaluationId, testEvaluations.id))
    .where(
      and(
        eq(testEvaluations.teamId, teamId),
        eq(testEvaluations.sealedSetId, sealedSetId),
        eq(testEvaluations.modelHash, modelHash),
        or(isNull(testEvaluationResults.outcome), eq(testEvaluationResults.outcome, 'ok')),
      ),
    )
    .orderBy(desc(testEvaluations.requestedAt))
    .limit(1);
  return row?.id ?? null;
}
