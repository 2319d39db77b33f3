import crypto from 'node:crypto';
import type { Job } from 'pg-boss';
import type { Database } from '../../db/client';
import type { BlobStore } from '../../server/shared/storage/blob-store';
import { testEvalJobSchema } from '../../server/shared/queue/queues';
import { loadEvaluationTarget, recordEvaluationResult, type EvaluationTarget, type EvaluationOutcome } from '../../server/shared/test-evaluations/record';
import { scoreClassification, scoreRegression } from '../../server/shared/test-evaluations/scoring';
import { loadTestRows, sealedTestLabels, sealedTestValues, testFeatures } from '../../server/shared/test-evaluations/test-data';
import { fittedPreprocessingSchema } from '../../server/shared/tabular';
import { weightsArtifactSchema } from '../../server/shared/ipc-protocol';
import type { TrainerPool } from './trainer-pool';

export interface TestEvalDeps {
  db: Database;
  blobs: BlobStore;
  trainers: TrainerPool;
}

/** A reason shown in the audit log as is: what went wrong, in the requester's terms. */
class EvaluationFailure extends Error {}

/**
 * One granted test evaluation: load the exact model the audit row names, have a trainer child
 * predict on the test FEATURES, score against the sealed labels here, and append the result.
 * A failure the requester should know about becomes a failed result (no retry, and it does not
 * count against the budget); only a failure to record anything is thrown, so pg-boss retries.
 */
export async function handleTestEvalJob(deps: TestEvalDeps, job: Job<unknown>): Promise<void> {
  const payload = testEvalJobSchema.safeParse(job.data);
  if (!payload.success) {
    console.error(`[worker] ignoring malformed test-eval job ${job.id}: ${payload.error.message}`);
    return;
  }
  const target = await loadEvaluationTarget(deps.db, payload.data.evaluationId);
  if (!target || target.hasResult) return; // Gone with its team, or answered by an earlier attempt.
  let outcome: EvaluationOutcome;
  try {
    outcome = { outcome: 'ok', score: await evaluate(deps, target) };
  } catch (error) {
    if (!(error instanceof EvaluationFailure)) console.error(`[worker] test evaluation ${target.id} failed`, error);
    const reason = error instanceof EvaluationFailure ? error.message : 'The worker hit an unexpected error while scoring this evaluation; it has been logged.';
    outcome = { outcome: 'failed', error: reason };
  }
  await recordEvaluationResult(deps.db, target, outcome);
}

async function evaluate(deps: TestEvalDeps, target: EvaluationTarget) {
  if (!target.weightsBlobKey) throw new EvaluationFailure(`Run #${target.runNumber} no longer has saved weights.`);
  const weightsJson = await deps.blobs.getBuffer(target.weightsBlobKey);
  // The audit row names the model by hash: score exactly that model or nothing.
  if (crypto.createHash('sha256').update(weightsJson).digest('hex') !== target.modelHash) {
    throw new EvaluationFailure(`The stored weights of run #${target.runNumber} no longer match the model hash recorded with this request.`);
  }
  const weights = weightsArtifactSchema.parse(JSON.parse(weightsJson.toString('utf8')));
  const fitted = fittedPreprocessingSchema.safeParse(target.preprocessing);
  if (!fitted.success) throw new EvaluationFailure(`Run #${target.runNumber} has no usable fitted preprocessing stored.`);

  let test;
  try {
    test = await loadTestRows(deps.db, deps.blobs, { splitId: target.splitId, datasetVersionId: target.datasetVersionId });
  } catch (error) {
    throw new EvaluationFailure(`The test data could not be prepared: ${(error as Error).message}.`);
  }
  if (test.rows.length === 0) throw new EvaluationFailure('The test split has no rows.');

  // The child sees features only; the labels are decoded below, after its answer is in.
  const trainer = deps.trainers.take();
  let predictions;
  try {
    await trainer.ready;
    predictions = await trainer.predictStored({
      taskKind: target.taskKind,
      classes: target.taskKind === 'classification' ? target.classes : [],
      weights,
      preprocessing: fitted.data,
      features: testFeatures(test, fitted.data),
    });
  } catch (error) {
    throw new EvaluationFailure(`The model could not predict on the test features: ${(error as Error).message}.`);
  } finally {
    await trainer.close().catch(() => trainer.kill());
  }

  try {
    if (predictions.kind === 'classification') return scoreClassification(sealedTestLabels(test), predictions.predicted, target.classes);
    return scoreRegression(sealedTestValues(test), predictions.values);
  } catch (error) {
    throw new EvaluationFailure(`The predictions could not be scored: ${(error as Error).message}.`);
  }
}
