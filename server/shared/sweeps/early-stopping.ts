import { z } from 'zod';
import { quantileSorted } from '../stats/summary';

/**
 * Stopping bad trials early. Pure: the train handler asks these rules at each epoch a trial
 * reports, with the values other trials reported, and stops the trial when they say so.
 */
export const earlyStopSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('off') }),
  /** Asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter Tuning", MLSys 2020). */
  z.object({
    kind: z.literal('asha'),
    gracePeriod: z.int('the grace period is a whole number of epochs').min(1, 'the grace period is at least 1 epoch').max(10_000, 'the grace period is at most 10000 epochs'),
    reductionFactor: z.int('the reduction factor is a whole number').min(2, 'the reduction factor is at least 2 (keep the best half)').max(8, 'the reduction factor is at most 8'),
  }),
  /** The median stopping rule (Golovin et al., "Google Vizier", KDD 2017). */
  z.object({
    kind: z.literal('median'),
    gracePeriod: z.int('the grace period is a whole number of epochs').min(1, 'the grace period is at least 1 epoch').max(10_000, 'the grace period is at most 10000 epochs'),
    minTrials: z.int('minTrials is a whole number').min(1, 'minTrials is at least 1').max(100, 'minTrials is at most 100'),
  }),
]);
export type EarlyStop = z.infer<typeof earlyStopSchema>;

export type Direction = 'maximize' | 'minimize';

/** ASHA's rungs: epochs r, rη, rη², … below the trial's last epoch (which is not a rung: it ends anyway). */
export function rungEpochs(gracePeriod: number, reductionFactor: number, maxEpochs: number): number[] {
  const rungs: number[] = [];
  for (let r = gracePeriod; r < maxEpochs; r *= reductionFactor) rungs.push(r);
  return rungs;
}

export interface RungVerdict {
  stop: boolean;
  /** The value a trial had to reach to continue; null when nobody reached this rung before it. */
  threshold: number | null;
}

/**
 * ASHA's rule at one rung, as Ray Tune's AsyncHyperBand applies it: the trial continues if its
 * value is at least the (1 − 1/η) quantile of the values every earlier trial recorded at this rung
 * (linear interpolation, numpy's default), i.e. if it is in the top 1/η of them. The first trial to
 * reach a rung always continues. For a minimised goal the mirror quantile 1/η is the bound.
 */
export function ashaVerdict(recordedBefore: readonly number[], value: number, reductionFactor: number, direction: Direction): RungVerdict {
  const finite = recordedBefore.filter(Number.isFinite);
  if (finite.length === 0) return { stop: !Number.isFinite(value), threshold: null };
  const sorted = Float64Array.from(finite).sort();
  if (direction === 'maximize') {
    const threshold = quantileSorted(sorted, 1 - 1 / reductionFactor);
    return { stop: !(value >= threshold), threshold };
  }
  const threshold = quantileSorted(sorted, 1 / reductionFactor);
  return { stop: !(value <= threshold), threshold };
}

/**
 * The median stopping rule: at epoch t past the grace period, stop a trial whose best value so far
 * is worse than the median of the other trials' running averages at t (their mean value over
 * epochs 1…t). Needs at least `minTrials` other trials that reached t.
 */
export function medianVerdict(bestSoFar: number, othersRunningAverages: readonly number[], minTrials: number, direction: Direction): RungVerdict {
  const finite = othersRunningAverages.filter(Number.isFinite);
  if (finite.length < minTrials) return { stop: !Number.isFinite(bestSoFar), threshold: null };
  const threshold = quantileSorted(Float64Array.from(finite).sort(), 0.5);
  return { stop: direction === 'maximize' ? !(bestSoFar >= threshold) : !(bestSoFar <= threshold), threshold };
}
