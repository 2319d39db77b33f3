import 'server-only';
import { isDomainError } from '../../shared/errors';
import { diagnoseFit, type FitVerdict, type TaskKind } from '../stats/diagnosis';
import { baselineDevError, describeBaseline, type DevBaseline } from '../splits/baseline';

export interface FitNumbers {
  trainAccuracy: number | null;
  devAccuracy: number | null;
  trainRmse: number | null;
  devRmse: number | null;
}

export interface FitDto {
  /** What the errors are: 1 − accuracy (classification) or RMSE in target units (regression). */
  errorKind: 'classification-error' | 'rmse';
  trainError: number | null;
  devError: number | null;
  humanLevelError: number | null;
  avoidableBias: number | null;
  variance: number | null;
  /** What predicting a constant scores on dev, in the same error units; null when the split cannot say. */
  baseline: { description: string; devError: number } | null;
  /** `worse-than-baseline` before any bias/variance reading: a model at or below the constant has learned nothing to diagnose. */
  verdict: FitVerdict | 'worse-than-baseline' | null;
  focus: 'bias' | 'variance' | null;
  summary: string;
  nextSteps: string[];
  notes: string[];
}

const BASELINE_STEPS = [
  'Check the learning rate: too high diverges, too low barely moves the loss.',
  'Check that the training loss falls at all; train longer if it is still falling.',
  'Check the inputs: are the features informative, and does the model see them (excluded columns, missing values)?',
  'Try a linear model (no hidden layers) as a sanity check.',
];

/** Bias/variance columns of one run (Machine Learning Yearning), from its stored final metrics. */
export function fitOf(task: TaskKind, run: FitNumbers, humanLevelError: number | null, devSize: number, baseline: DevBaseline | null): FitDto {
  const classification = task === 'classification';
  const trainError = classification ? (run.trainAccuracy === null ? null : 1 - run.trainAccuracy) : run.trainRmse;
  const devError = classification ? (run.devAccuracy === null ? null : 1 - run.devAccuracy) : run.devRmse;
  const base = {
    errorKind: classification ? ('classification-error' as const) : ('rmse' as const),
    trainError,
    devError,
    humanLevelError,
    avoidableBias: trainError !== null && humanLevelError !== null ? trainError - humanLevelError : null,
    variance: trainError !== null && devError !== null ? devError - trainError : null,
    baseline: baseline ? { description: describeBaseline(baseline), devError: baselineDevError(baseline) } : null,
  };
  const none = (summary: string): FitDto => ({ ...base, verdict: null, focus: null, summary, nextSteps: [], notes: [] });
  if (trainError === null || devError === null) return none('No final train and dev metrics for this run yet.');
  if (base.baseline && devError >= base.baseline.devError) {
    const score = classification ? `${((1 - devError) * 100).toFixed(1)}% dev accuracy against its ${((1 - base.baseline.devError) * 100).toFixed(1)}%` : `dev RMSE ${devError.toPrecision(4)} against its ${base.baseline.devError.toPrecision(4)}`;
    return {
      ...base,
      verdict: 'worse-than-baseline',
      focus: null,
      summary: `${devError > base.baseline.devError ? 'Worse than' : 'No better than'} ${base.baseline.description} (${score}): the model has not learned anything useful yet, so bias and variance are not the question.`,
      nextSteps: BASELINE_STEPS,
      notes: [],
    };
  }
  if (humanLevelError === null) {
    return none("Set the split's human-level error to diagnose bias and variance against it.");
  }
  try {
    const d = diagnoseFit({ task, train: trainError, dev: devError, humanLevel: humanLevelError, devSize: devSize > 0 ? devSize : undefined });
    return {
      ...base,
      avoidableBias: d.avoidableBias,
      variance: d.variance,
      verdict: d.verdict,
      focus: d.focus,
      summary: d.summary,
      nextSteps: d.nextSteps,
      notes: d.notes,
    };
  } catch (error) {
    if (isDomainError(error)) return none(error.userMessage);
    throw error;
  }
}
