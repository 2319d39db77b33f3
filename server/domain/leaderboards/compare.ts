import 'server-only';
import { pairedBootstrap, pairedFromScores } from '../../shared/stats/bootstrap';
import { mcnemarTest } from '../stats/mcnemar';
import { HIGHER_IS_BETTER, indexMetric, type LeaderboardMetric } from './metrics';
import { sameRows, type DevPredictions } from './predictions';
import type { ResampledScores } from './resampled';

export const SIGNIFICANCE_LEVEL = 0.05;

export interface ComparisonDto {
  /** The run this row is compared with: the next row below. */
  againstRunNumber: number;
  test: 'mcnemar' | 'paired-bootstrap' | null;
  /** Two-sided p-value; null when the two runs cannot be paired on the same dev rows. */
  pValue: number | null;
  significant: boolean | null;
  /** "significantly better than run #3 (p = 0.004)" / "not distinguishable from run #3 (p = 0.41)": run numbers, not ranks. */
  text: string;
}

interface Side {
  number: number;
  predictions: DevPredictions | null;
  /** Bootstrap scores on the leaderboard's shared resamples (resampled.ts), when computed. */
  resampled?: ResampledScores | null;
}

export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  if (p < 0.01) return `p = ${p.toFixed(3)}`;
  return `p = ${p.toFixed(2)}`;
}

/**
 * Paired significance of a row against the row below it, on the same dev examples. McNemar
 * (two-sided) for accuracy, from per-row correctness; otherwise a seeded paired bootstrap whose
 * one-sided p ("above is not better") is doubled to a two-sided p, so both tests read the same.
 */
export function compareAdjacent(metric: LeaderboardMetric, above: Side, below: Side, seed: number): ComparisonDto {
  const against = below.number;
  const a = above.predictions;
  const b = below.predictions;
  if (!a || !b) {
    return { againstRunNumber: against, test: null, pValue: null, significant: null, text: `no per-row dev predictions to compare with #${against}` };
  }
  if (!sameRows(a, b) || a.rows.length === 0) {
    return { againstRunNumber: against, test: null, pValue: null, significant: null, text: `scored on different dev rows than #${against}, so not comparable` };
  }
  let test: 'mcnemar' | 'paired-bootstrap';
  let pValue: number;
  if (metric === 'accuracy') {
    test = 'mcnemar';
    const correct = (p: DevPredictions) => Uint8Array.from(p.predicted, (q, i) => (q === p.actual[i] ? 1 : 0));
    pValue = mcnemarTest(correct(a), correct(b)).pValue;
  } else {
    test = 'paired-bootstrap';
    const options = { seed, higherIsBetter: HIGHER_IS_BETTER[metric] };
    // Same result either way (same seed, same resamples); the shared scores skip the resampling.
    const result =
      above.resampled && below.resampled
        ? pairedFromScores(above.resampled, below.resampled, options)
        : pairedBootstrap(a.rows.length, indexMetric(metric, a), indexMetric(metric, b), options);
    pValue = Math.min(1, 2 * result.pValue);
  }
  const significant = pValue < SIGNIFICANCE_LEVEL;
  const text = significant
    ? `significantly better than run #${against} (${formatP(pValue)})`
    : `not distinguishable from run #${against} (${formatP(pValue)})`;
  return { againstRunNumber: against, test, pValue, significant, text };
}
