import 'server-only';
import { DomainError } from '../../shared/errors';
import { accuracyCiHalfWidth } from '../../shared/stats/wilson';

// Learning-curve shape analysis lives in its own file; re-exported so callers find both here.
export {
  analyzeLearningCurve,
  type CurveStatus,
  type LearningCurveAnalysis,
  type LearningCurveOptions,
} from './learning-curve';

export type TaskKind = 'classification' | 'regression';
export type FitVerdict = 'high-bias' | 'high-variance' | 'high-bias-and-variance' | 'good-fit';

export interface DiagnosisInput {
  task: TaskKind;
  /** Errors (lower is better) by default; for classification, pass accuracies with `given: 'accuracy'`. */
  train: number;
  dev: number;
  /** Human-level (Bayes proxy) error, in the same units as train and dev. */
  humanLevel: number;
  given?: 'error' | 'accuracy';
  /** Dev rows; for classification, a gap smaller than the dev CI half-width is not called high. */
  devSize?: number;
  /** A gap is high above max(relativeTolerance × human error, absoluteTolerance). Default 0.1. */
  relativeTolerance?: number;
  /** Floor of the tolerance: 0.005 (0.5 pp) for classification, 1% of the larger error for regression. */
  absoluteTolerance?: number;
}

export interface Diagnosis {
  trainError: number;
  devError: number;
  humanLevelError: number;
  /** train − human: what a better fit to the training set could still gain. */
  avoidableBias: number;
  /** dev − train: what is lost by not generalising from train to dev. */
  variance: number;
  biasTolerance: number;
  varianceTolerance: number;
  verdict: FitVerdict;
  /** The larger gap when both are high; the one to work on first. */
  focus: 'bias' | 'variance' | null;
  summary: string;
  nextSteps: string[];
  /** Caveats about the inputs themselves (negative gaps, noisy dev split). */
  notes: string[];
}

const BIAS_STEPS = [
  'Train a bigger model (more layers or units).',
  'Train longer, or until the training loss stops improving.',
  'Use a better optimizer or tune its learning rate (e.g. Adam, a schedule).',
  'Reduce regularization if it is strong.',
];
const VARIANCE_STEPS = [
  'Get more training data (or augment it).',
  'Add L2 regularization (weight decay).',
  'Add dropout.',
  'Use early stopping on the dev loss.',
];

function fmt(x: number, task: TaskKind): string {
  return task === 'classification' ? `${(x * 100).toFixed(2)} pp` : x.toPrecision(4);
}

/**
 * Bias/variance diagnosis in the style of Ng's "Machine Learning Yearning": avoidable bias is
 * measured against human-level error rather than zero, because no model is expected to beat
 * the Bayes error that human performance approximates.
 */
export function diagnoseFit(input: DiagnosisInput): Diagnosis {
  const { task, given = 'error', relativeTolerance = 0.1 } = input;
  if (given === 'accuracy' && task !== 'classification') {
    throw new DomainError('BAD_INPUT', 'Accuracies only make sense for classification; pass errors for regression.');
  }
  for (const [name, v] of [['Train', input.train], ['Dev', input.dev], ['Human-level', input.humanLevel]] as const) {
    if (!Number.isFinite(v) || v < 0) throw new DomainError('BAD_INPUT', `${name} value must be a finite number ≥ 0, got ${v}.`);
    if (task === 'classification' && v > 1) {
      throw new DomainError('BAD_INPUT', `${name} value must be a proportion in [0, 1], got ${v}.`);
    }
  }
  const toError = (v: number): number => (given === 'accuracy' ? 1 - v : v);
  const trainError = toError(input.train);
  const devError = toError(input.dev);
  const humanLevelError = toError(input.humanLevel);
  const avoidableBias = trainError - humanLevelError;
  const variance = devError - trainError;

  const floor =
    input.absoluteTolerance ?? (task === 'classification' ? 0.005 : 0.01 * Math.max(trainError, devError));
  const biasTolerance = Math.max(relativeTolerance * humanLevelError, floor);
  let varianceTolerance = biasTolerance;
  const notes: string[] = [];
  if (task === 'classification' && input.devSize !== undefined) {
    const noise = accuracyCiHalfWidth(input.devSize, devError);
    if (noise > varianceTolerance) {
      varianceTolerance = noise;
      notes.push(`With ${input.devSize} dev rows the dev error is only known to ±${fmt(noise, task)} (95% CI).`);
    }
  }
  if (avoidableBias < 0) {
    notes.push('Training error is below human level: human error no longer bounds progress, so gains get harder to measure.');
  }
  if (variance < 0) {
    notes.push('Dev error is below training error: check for train-only regularization (dropout), an easier dev split, or leakage.');
  }

  // 1 − 0.99 is 0.010000000000000009: without a little slack, a gap equal to the tolerance on
  // paper would flip to "high" depending on whether accuracies or errors were passed in.
  const slack = 1e-9 * Math.max(trainError, devError, humanLevelError);
  const highBias = avoidableBias > biasTolerance + slack;
  const highVariance = variance > varianceTolerance + slack;
  const b = fmt(avoidableBias, task);
  const v = fmt(variance, task);
  if (highBias && highVariance) {
    const focus = avoidableBias >= variance ? 'bias' : 'variance';
    return {
      trainError, devError, humanLevelError, avoidableBias, variance, biasTolerance, varianceTolerance,
      verdict: 'high-bias-and-variance',
      focus,
      summary: `High bias (avoidable bias ${b}) and high variance (${v}); the larger gap is ${focus}, so start there.`,
      nextSteps: focus === 'bias' ? [...BIAS_STEPS, ...VARIANCE_STEPS] : [...VARIANCE_STEPS, ...BIAS_STEPS],
      notes,
    };
  }
  if (highBias) {
    return {
      trainError, devError, humanLevelError, avoidableBias, variance, biasTolerance, varianceTolerance,
      verdict: 'high-bias', focus: 'bias',
      summary: `High bias: training error is ${b} above human level, while dev is within ${v} of train. The model underfits.`,
      nextSteps: BIAS_STEPS, notes,
    };
  }
  if (highVariance) {
    return {
      trainError, devError, humanLevelError, avoidableBias, variance, biasTolerance, varianceTolerance,
      verdict: 'high-variance', focus: 'variance',
      summary: `High variance: dev error is ${v} above training error, which is close to human level. The model overfits.`,
      nextSteps: VARIANCE_STEPS, notes,
    };
  }
  return {
    trainError, devError, humanLevelError, avoidableBias, variance, biasTolerance, varianceTolerance,
    verdict: 'good-fit', focus: null,
    summary: `Good fit: avoidable bias ${b} and variance ${v} are both within tolerance.`,
    nextSteps: ['Consider the test evaluation.'], notes,
  };
}
