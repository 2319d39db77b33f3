import { bootstrapCi } from '../stats/bootstrap';
import { wilsonInterval } from '../stats/wilson';

export const TEST_CONFIDENCE = 0.95;
export const BOOTSTRAP_RESAMPLES = 1000;
/** Fixed, so that scoring the same predictions twice gives the same interval. */
export const BOOTSTRAP_SEED = 20150707;

export interface TestScore {
  metric: 'accuracy' | 'rmse';
  score: number;
  ciLow: number;
  ciHigh: number;
  testCount: number;
  /** Aggregates only: never a row, a label or a prediction. */
  detail: Record<string, unknown>;
}

/**
 * Accuracy against the sealed labels with a Wilson interval. A test row whose label the run never
 * saw (a class only in test) can't be predicted right and counts as wrong; only their number is
 * reported.
 */
export function scoreClassification(truth: readonly string[], predicted: ArrayLike<number>, classes: readonly string[]): TestScore {
  if (truth.length === 0) throw new Error('the test split has no rows');
  if (predicted.length !== truth.length) throw new Error(`the trainer returned ${predicted.length} predictions for ${truth.length} test rows`);
  const known = new Set(classes);
  let correct = 0;
  let unseen = 0;
  for (let i = 0; i < truth.length; i++) {
    if (!known.has(truth[i]!)) unseen++;
    else if (classes[predicted[i]!] === truth[i]) correct++;
  }
  const ci = wilsonInterval(correct, truth.length, TEST_CONFIDENCE);
  return {
    metric: 'accuracy',
    score: ci.estimate,
    ciLow: ci.lower,
    ciHigh: ci.upper,
    testCount: truth.length,
    detail: { interval: 'wilson', confidence: TEST_CONFIDENCE, correct, rowsWithUnseenClass: unseen },
  };
}

/**
 * RMSE in the target's units with a seeded percentile-bootstrap interval. Rows whose true value is
 * missing are left out (and counted), as training leaves no such row in the loss either.
 */
export function scoreRegression(truth: ArrayLike<number>, predicted: ArrayLike<number>): TestScore {
  if (predicted.length !== truth.length) throw new Error(`the trainer returned ${predicted.length} predictions for ${truth.length} test rows`);
  const squared: number[] = [];
  let skipped = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]!;
    const p = predicted[i]!;
    if (!Number.isFinite(t)) {
      skipped++;
      continue;
    }
    if (!Number.isFinite(p)) throw new Error(`the model predicted a non-finite value for test row ${i + 1}`);
    squared.push((p - t) ** 2);
  }
  if (squared.length === 0) throw new Error('the test split has no rows with a known target');
  const rmse = (indices: Uint32Array) => {
    let sum = 0;
    for (let i = 0; i < indices.length; i++) sum += squared[indices[i]!]!;
    return Math.sqrt(sum / indices.length);
  };
  const ci = bootstrapCi(squared.length, rmse, { resamples: BOOTSTRAP_RESAMPLES, confidence: TEST_CONFIDENCE, seed: BOOTSTRAP_SEED });
  return {
    metric: 'rmse',
    score: ci.estimate,
    ciLow: ci.lower,
    ciHigh: ci.upper,
    testCount: squared.length,
    detail: { interval: 'bootstrap-percentile', confidence: TEST_CONFIDENCE, resamples: BOOTSTRAP_RESAMPLES, seed: BOOTSTRAP_SEED, rowsWithoutTarget: skipped },
  };
}
