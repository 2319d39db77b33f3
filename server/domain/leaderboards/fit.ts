import 'server-only';
import { isDomainError } from '../../shared/errors';
import { diagnoseFit, type FitVerdict, type TaskKind } from '../stats/diagnosis';

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
  verdict: FitVerdict | null;
  focus: 'bias' | 'variance' | null;
  summary: string;
  nextSteps: string[];
  notes: string[];
}

/** Bias/variance columns of one run (Machine Learning Yearning), from its stored final metrics. */
export function fitOf(task: TaskKind, run: FitNumbers, humanLevelError: number | null, devSize: number): FitDto {
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
  };
  const none = (summary: string): FitDto => ({ ...base, verdict: null, focus: null, summary, nextSteps: [], notes: [] });
  if (trainError === null || devError === null) return none('No final train and dev metrics for this run yet.');
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
