import 'server-only';
import { resampledScores } from '../../shared/stats/bootstrap';
import { indexMetric, type LeaderboardMetric } from './metrics';
import type { DevPredictions } from './predictions';

/** A run's metric on its dev rows and on each of the leaderboard's bootstrap resamples of them. */
export interface ResampledScores {
  estimate: number;
  scores: Float64Array;
}

/** 1000 resamples are 8 KB a run and metric: a few thousand boards' worth is a few tens of MB. */
const CACHE_LIMIT = 4000;
const cache = new Map<string, ResampledScores>();

/**
 * Every run's bootstrap scores for one leaderboard metric, from resamples shared by all runs with
 * the same number of dev rows (resampledScores): its interval is the percentile interval of its
 * vector, and the paired bootstrap against the next row is a comparison of two vectors. Measured
 * on 20 runs × 10k dev rows, one run, busy machine: macro F1 12.3 s separately → 1.9 s shared,
 * RMSE 5.6 s → 0.5 s. Vectors are cached per predictions blob (content-addressed, never
 * rewritten), so reloading a board costs next to nothing. Null for runs without predictions.
 */
export function resampledRuns(
  metric: LeaderboardMetric,
  runs: { predictionsKey: string | null; predictions: DevPredictions | null }[],
  options: { seed: number; resamples: number },
): (ResampledScores | null)[] {
  const out: (ResampledScores | null)[] = runs.map(() => null);
  const missingByRows = new Map<number, number[]>();
  runs.forEach((run, i) => {
    if (!run.predictionsKey || !run.predictions || run.predictions.rows.length === 0) return;
    const key = cacheKey(metric, run.predictionsKey, options);
    const hit = cache.get(key);
    if (hit) {
      // Map order is insertion order: re-inserting marks the entry recently used.
      cache.delete(key);
      cache.set(key, hit);
      out[i] = hit;
      return;
    }
    const n = run.predictions.rows.length;
    missingByRows.set(n, [...(missingByRows.get(n) ?? []), i]);
  });
  for (const [n, indices] of missingByRows) {
    const { estimates, scores } = resampledScores(
      n,
      indices.map((i) => indexMetric(metric, runs[i]!.predictions!)),
      options,
      indices.map((i) => `${metric} of a run`),
    );
    indices.forEach((i, m) => {
      const value = { estimate: estimates[m]!, scores: scores[m]! };
      out[i] = value;
      cache.set(cacheKey(metric, runs[i]!.predictionsKey!, options), value);
    });
  }
  while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return out;
}

function cacheKey(metric: LeaderboardMetric, predictionsKey: string, options: { seed: number; resamples: number }): string {
  return `${metric}|${options.seed}|${options.resamples}|${predictionsKey}`;
}
