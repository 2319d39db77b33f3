/**
 * Pure metric functions on plain arrays. No tfjs here: the server scores test predictions with the
 * same code, and the unit tests check them against hand-computed confusion matrices.
 */
type Labels = ArrayLike<number>;
type Values = ArrayLike<number>;

function assertSameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) throw new Error(`metric inputs differ in length: ${a.length} vs ${b.length}`);
  if (a.length === 0) throw new Error('metrics need at least one row');
}

/** counts[t][p] = rows whose true class is t and predicted class is p. */
export function confusionMatrix(truth: Labels, predicted: Labels, classCount: number): number[][] {
  assertSameLength(truth, predicted);
  const counts = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]!;
    const p = predicted[i]!;
    if (!(t >= 0 && t < classCount && p >= 0 && p < classCount)) {
      throw new Error(`row ${i}: class ${t} or ${p} is outside 0..${classCount - 1}`);
    }
    counts[t]![p]! += 1;
  }
  return counts;
}

export function accuracyFromConfusion(counts: number[][]): number {
  let correct = 0;
  let total = 0;
  counts.forEach((row, t) => row.forEach((n, p) => {
    total += n;
    if (t === p) correct += n;
  }));
  return total === 0 ? 0 : correct / total;
}

/**
 * Unweighted mean of per-class F1 over the classes that occur in the truth or the predictions
 * (scikit-learn's default label set); a class with no true positives scores 0.
 */
export function macroF1FromConfusion(counts: number[][]): number {
  const k = counts.length;
  let sum = 0;
  let present = 0;
  for (let c = 0; c < k; c++) {
    const tp = counts[c]![c]!;
    let support = 0;
    let predictedAs = 0;
    for (let j = 0; j < k; j++) {
      support += counts[c]![j]!;
      predictedAs += counts[j]![c]!;
    }
    if (support === 0 && predictedAs === 0) continue;
    present += 1;
    // F1 = 2TP / (2TP + FP + FN) avoids dividing by a zero precision or recall.
    sum += (2 * tp) / (support + predictedAs);
  }
  return present === 0 ? 0 : sum / present;
}

export function accuracy(truth: Labels, predicted: Labels, classCount: number): number {
  return accuracyFromConfusion(confusionMatrix(truth, predicted, classCount));
}

export function macroF1(truth: Labels, predicted: Labels, classCount: number): number {
  return macroF1FromConfusion(confusionMatrix(truth, predicted, classCount));
}

export function rmse(truth: Values, predicted: Values): number {
  assertSameLength(truth, predicted);
  let sum = 0;
  for (let i = 0; i < truth.length; i++) sum += (truth[i]! - predicted[i]!) ** 2;
  return Math.sqrt(sum / truth.length);
}

export function mae(truth: Values, predicted: Values): number {
  assertSameLength(truth, predicted);
  let sum = 0;
  for (let i = 0; i < truth.length; i++) sum += Math.abs(truth[i]! - predicted[i]!);
  return sum / truth.length;
}

/**
 * Coefficient of determination. A constant truth has no variance to explain: 1 for a perfect
 * prediction, else 0 (scikit-learn's force_finite convention) instead of ±Infinity or NaN.
 */
export function r2(truth: Values, predicted: Values): number {
  assertSameLength(truth, predicted);
  let mean = 0;
  for (let i = 0; i < truth.length; i++) mean += truth[i]!;
  mean /= truth.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < truth.length; i++) {
    ssRes += (truth[i]! - predicted[i]!) ** 2;
    ssTot += (truth[i]! - mean) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

export interface ClassificationMetrics {
  accuracy: number;
  macroF1: number;
}
export interface RegressionMetrics {
  rmse: number;
  mae: number;
  r2: number;
}

export function classificationMetrics(truth: Labels, predicted: Labels, classCount: number) {
  const counts = confusionMatrix(truth, predicted, classCount);
  const metrics: ClassificationMetrics = {
    accuracy: accuracyFromConfusion(counts),
    macroF1: macroF1FromConfusion(counts),
  };
  return { metrics, confusionMatrix: counts };
}

export function regressionMetrics(truth: Values, predicted: Values): RegressionMetrics {
  return { rmse: rmse(truth, predicted), mae: mae(truth, predicted), r2: r2(truth, predicted) };
}
