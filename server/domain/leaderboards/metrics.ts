import 'server-only';
import { DomainError } from '../../shared/errors';
import type { IndexMetric } from '../../shared/stats/bootstrap';
import type { TaskKind } from '../stats/diagnosis';
import type { DevPredictions } from './predictions';

export const LEADERBOARD_METRICS = ['accuracy', 'macroF1', 'rmse', 'mae', 'r2'] as const;
export type LeaderboardMetric = (typeof LEADERBOARD_METRICS)[number];

const TASK_OF: Record<LeaderboardMetric, TaskKind> = {
  accuracy: 'classification',
  macroF1: 'classification',
  rmse: 'regression',
  mae: 'regression',
  r2: 'regression',
};

export const HIGHER_IS_BETTER: Record<LeaderboardMetric, boolean> = {
  accuracy: true,
  macroF1: true,
  rmse: false,
  mae: false,
  r2: true,
};

export function defaultMetric(task: TaskKind): LeaderboardMetric {
  return task === 'classification' ? 'accuracy' : 'rmse';
}

export function metricsFor(task: TaskKind): LeaderboardMetric[] {
  return LEADERBOARD_METRICS.filter((m) => TASK_OF[m] === task);
}

export function checkMetricForTask(metric: LeaderboardMetric, task: TaskKind): void {
  if (TASK_OF[metric] !== task) {
    throw new DomainError(
      'BAD_INPUT',
      `The metric "${metric}" is for ${TASK_OF[metric]} splits, but this is a ${task} split: choose ${metricsFor(task).join(', ')}.`,
    );
  }
}

/** The metric on a bootstrap resample, computed the way server/shared/stats/task-metrics.ts computes it on the full dev set. */
export function indexMetric(metric: LeaderboardMetric, p: DevPredictions): IndexMetric {
  const { predicted, actual } = p;
  switch (metric) {
    case 'accuracy':
      return (idx) => {
        let correct = 0;
        for (let i = 0; i < idx.length; i++) {
          const j = idx[i] as number;
          if (predicted[j] === actual[j]) correct++;
        }
        return correct / idx.length;
      };
    case 'macroF1':
      return macroF1Metric(p);
    case 'rmse':
      return (idx) => {
        let sum = 0;
        for (let i = 0; i < idx.length; i++) {
          const j = idx[i] as number;
          sum += ((actual[j] as number) - (predicted[j] as number)) ** 2;
        }
        return Math.sqrt(sum / idx.length);
      };
    case 'mae':
      return (idx) => {
        let sum = 0;
        for (let i = 0; i < idx.length; i++) {
          const j = idx[i] as number;
          sum += Math.abs((actual[j] as number) - (predicted[j] as number));
        }
        return sum / idx.length;
      };
    case 'r2':
      return (idx) => {
        let mean = 0;
        for (let i = 0; i < idx.length; i++) mean += actual[idx[i] as number] as number;
        mean /= idx.length;
        let ssRes = 0;
        let ssTot = 0;
        for (let i = 0; i < idx.length; i++) {
          const j = idx[i] as number;
          ssRes += ((actual[j] as number) - (predicted[j] as number)) ** 2;
          ssTot += ((actual[j] as number) - mean) ** 2;
        }
        // scikit-learn's force_finite convention, as in the trainer's r2.
        if (ssTot === 0) return ssRes === 0 ? 1 : 0;
        return 1 - ssRes / ssTot;
      };
  }
}

/** Macro F1 over the classes present in truth or predictions of the resample (scikit-learn's label set). */
function macroF1Metric(p: DevPredictions): IndexMetric {
  let k = 0;
  for (let i = 0; i < p.actual.length; i++) k = Math.max(k, (p.actual[i] as number) + 1, (p.predicted[i] as number) + 1);
  const tp = new Float64Array(k);
  const support = new Float64Array(k);
  const predictedAs = new Float64Array(k);
  return (idx) => {
    tp.fill(0);
    support.fill(0);
    predictedAs.fill(0);
    for (let i = 0; i < idx.length; i++) {
      const j = idx[i] as number;
      const t = p.actual[j] as number;
      const q = p.predicted[j] as number;
      support[t] = (support[t] as number) + 1;
      predictedAs[q] = (predictedAs[q] as number) + 1;
      if (t === q) tp[t] = (tp[t] as number) + 1;
    }
    let sum = 0;
    let present = 0;
    for (let c = 0; c < k; c++) {
      const s = (support[c] as number) + (predictedAs[c] as number);
      if (s === 0) continue;
      present++;
      sum += (2 * (tp[c] as number)) / s;
    }
    return present === 0 ? 0 : sum / present;
  };
}

export type LadderLossKind = 'zero-one' | 'relative-squared-error' | 'relative-absolute-error';

export interface LadderLoss {
  kind: LadderLossKind;
  /** Per-row losses, lower is better, roughly on a [0, 1] scale. */
  losses(p: DevPredictions): Float64Array;
  /** The metric a released mean loss corresponds to, or null when the metric is not a mean of per-row losses. */
  toScore(loss: number): number | null;
}

/**
 * Per-row losses for the Ladder. The parameter-free Ladder rounds released losses to multiples
 * of 1/n, which assumes losses on a [0, 1] scale (0/1 loss in Blum & Hardt). Raw squared errors
 * in target units would round to 0 or 1/n, so regression losses are divided by the dev targets'
 * spread: their mean is then 1 − R² (squared) or MAE / mean absolute deviation (absolute).
 * Macro F1 is not a mean of per-row losses; its Ladder uses the 0/1 loss (classification error).
 */
export function ladderLoss(metric: LeaderboardMetric, reference: DevPredictions): LadderLoss {
  const { actual } = reference;
  const n = actual.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i] as number;
  mean /= n;
  let variance = 0;
  let meanAbsDev = 0;
  for (let i = 0; i < n; i++) {
    variance += ((actual[i] as number) - mean) ** 2;
    meanAbsDev += Math.abs((actual[i] as number) - mean);
  }
  variance = variance / n || 1;
  meanAbsDev = meanAbsDev / n || 1;
  if (metric === 'accuracy' || metric === 'macroF1') {
    return {
      kind: 'zero-one',
      losses: (p) => Float64Array.from(p.predicted, (q, i) => (q === p.actual[i] ? 0 : 1)),
      toScore: (loss) => (metric === 'accuracy' ? 1 - loss : null),
    };
  }
  if (metric === 'mae') {
    return {
      kind: 'relative-absolute-error',
      losses: (p) => Float64Array.from(p.predicted, (q, i) => Math.abs((p.actual[i] as number) - q) / meanAbsDev),
      toScore: (loss) => loss * meanAbsDev,
    };
  }
  return {
    kind: 'relative-squared-error',
    losses: (p) => Float64Array.from(p.predicted, (q, i) => ((p.actual[i] as number) - q) ** 2 / variance),
    toScore: (loss) => (metric === 'rmse' ? Math.sqrt(loss * variance) : 1 - loss),
  };
}
