import { describe, expect, it } from 'vitest';
import { bootstrapCi, meanMetric, pairedBootstrap, pairedFromScores, percentileInterval, resampledScores } from '@/server/shared/stats/bootstrap';
import { resampledRuns } from '@/server/domain/leaderboards/resampled';
import { compareAdjacent } from '@/server/domain/leaderboards/compare';
import { createRng } from '@/server/shared/stats/random';

/**
 * The leaderboard scores every run on one shared set of resamples. Intervals and paired tests
 * built from those vectors must be exactly what the standalone bootstrap gives with the same seed.
 */
const n = 500;
const rng = createRng(9);
const truth = Float64Array.from({ length: n }, () => rng.nextInt(3));
const system = (accuracy: number) => Float64Array.from(truth, (t) => (rng.nextUint32() / 2 ** 32 < accuracy ? t : rng.nextInt(3)));
const a = system(0.9);
const b = system(0.85);
const c = system(0.8);
const correct = (p: Float64Array) => Float64Array.from(p, (q, i) => (q === truth[i] ? 1 : 0));

describe('shared bootstrap resamples', () => {
  it('give the same interval as bootstrapCi and the same paired result as pairedBootstrap', () => {
    const options = { seed: 42, resamples: 400 };
    const metrics = [a, b, c].map((p) => meanMetric(correct(p)));
    const { estimates, scores } = resampledScores(n, metrics, options);
    metrics.forEach((metric, i) => {
      const alone = bootstrapCi(n, metric, options);
      expect({ estimate: estimates[i], ...percentileInterval(scores[i]!) }).toEqual({ estimate: alone.estimate, lower: alone.lower, upper: alone.upper });
    });
    const paired = pairedBootstrap(n, metrics[0]!, metrics[1]!, options);
    expect(pairedFromScores({ estimate: estimates[0]!, scores: scores[0]! }, { estimate: estimates[1]!, scores: scores[1]! }, options)).toEqual(paired);
  });

  it('leaderboard verdicts are the same with shared scores as without, and vectors are cached', () => {
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const runs = [a, b, c].map((predicted, i) => ({ predictionsKey: `blob-${i}-${Math.random()}`, predictions: { rows, actual: truth, predicted } }));
    const options = { seed: 7, resamples: 1000 };
    const shared = resampledRuns('macroF1', runs, options);
    for (let i = 0; i + 1 < runs.length; i++) {
      const above = { number: i, predictions: runs[i]!.predictions };
      const below = { number: i + 1, predictions: runs[i + 1]!.predictions };
      const plain = compareAdjacent('macroF1', above, below, options.seed);
      const fast = compareAdjacent('macroF1', { ...above, resampled: shared[i] }, { ...below, resampled: shared[i + 1] }, options.seed);
      expect(fast).toEqual(plain);
    }
    const again = resampledRuns('macroF1', runs, options);
    again.forEach((value, i) => expect(value).toBe(shared[i]));
    expect(resampledRuns('macroF1', [{ predictionsKey: null, predictions: null }], options)).toEqual([null]);
  });
});
