import { describe, expect, it } from 'vitest';
import { DomainError } from '@/server/shared/errors';
import { bootstrapCi, meanMetric, pairedBootstrap, type IndexMetric } from '@/server/shared/stats/bootstrap';
import { createRng } from '@/server/shared/stats/random';

/** n Bernoulli(p) draws as 0/1, from a fixed seed. */
function bernoulli(n: number, p: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => (rng.nextFloat() < p ? 1 : 0));
}

describe('bootstrapCi', () => {
  it('returns the full-sample estimate and a deterministic interval for a seed', () => {
    const values = [1, 0, 1, 1, 0, 1, 1, 1, 0, 1];
    const a = bootstrapCi(values.length, meanMetric(values), { seed: 7 });
    const b = bootstrapCi(values.length, meanMetric(values), { seed: 7 });
    const c = bootstrapCi(values.length, meanMetric(values), { seed: 8 });
    expect(a.estimate).toBe(0.7);
    expect(a).toEqual(b);
    expect(c.lower === a.lower && c.upper === a.upper).toBe(false);
    expect(a.resamples).toBe(1000);
  });

  it('a constant sample has a zero-width interval', () => {
    const ci = bootstrapCi(5, meanMetric([3, 3, 3, 3, 3]));
    expect([ci.lower, ci.estimate, ci.upper]).toEqual([3, 3, 3]);
  });

  it('covers the true mean of a known sample with about the normal-theory width', () => {
    // 2000 draws of Bernoulli(0.7). Normal-theory 95% half-width:
    // 1.96 · sqrt(0.7 · 0.3 / 2000) = 1.96 · 0.010247 = 0.020084, so the width should be ≈ 0.0402.
    const values = bernoulli(2000, 0.7, 11);
    const ci = bootstrapCi(values.length, meanMetric(values), { seed: 1 });
    expect(ci.lower).toBeLessThan(0.7);
    expect(ci.upper).toBeGreaterThan(0.7);
    expect(ci.lower).toBeLessThan(ci.estimate);
    expect(ci.upper).toBeGreaterThan(ci.estimate);
    expect(ci.upper - ci.lower).toBeGreaterThan(0.0402 * 0.85);
    expect(ci.upper - ci.lower).toBeLessThan(0.0402 * 1.15);
  });

  it('works with any index metric, e.g. a median', () => {
    const values = Float64Array.from({ length: 101 }, (_, i) => i);
    const median: IndexMetric = (idx) => {
      const xs = Float64Array.from(idx, (i) => values[i]!).sort();
      return xs[50]!;
    };
    const ci = bootstrapCi(values.length, median, { seed: 3, resamples: 500 });
    expect(ci.estimate).toBe(50);
    expect(ci.lower).toBeLessThan(50);
    expect(ci.upper).toBeGreaterThan(50);
  });

  it('gives the normal-theory width for 10k examples × 1000 resamples', () => {
    const values = bernoulli(10_000, 0.8, 5);
    const ci = bootstrapCi(values.length, meanMetric(values), { seed: 2 });
    // 2 × 1.96 × √(0.8 · 0.2 / 10,000) ≈ 0.0157, within resampling noise.
    expect(ci.upper - ci.lower).toBeGreaterThan(0.0157 * 0.85);
    expect(ci.upper - ci.lower).toBeLessThan(0.0157 * 1.15);
  });

  it('rejects bad options and non-finite metrics', () => {
    expect(() => bootstrapCi(0, () => 0)).toThrow(DomainError);
    expect(() => bootstrapCi(3, () => 0, { resamples: 0 })).toThrow(DomainError);
    expect(() => bootstrapCi(3, () => 0, { confidence: 1 })).toThrow(DomainError);
    expect(() => bootstrapCi(3, () => Number.NaN)).toThrow(DomainError);
  });
});

describe('pairedBootstrap', () => {
  it('finds a real 5-point difference on shared examples', () => {
    // A is right on 85% of 2000 examples; B is A with 100 of A's correct answers flipped to wrong,
    // so B = 80% and the true paired difference is exactly 100 / 2000 = 0.05.
    const a = bernoulli(2000, 0.85, 21);
    const b = Float64Array.from(a);
    let flipped = 0;
    for (let i = 0; i < b.length && flipped < 100; i += 3) {
      if (b[i] === 1) {
        b[i] = 0;
        flipped++;
      }
    }
    const r = pairedBootstrap(a.length, meanMetric(a), meanMetric(b), { seed: 4 });
    expect(r.difference).toBeCloseTo(0.05, 12);
    expect(r.lower).toBeGreaterThan(0);
    expect(r.upper).toBeGreaterThan(r.difference);
    // B never beats A on any resample (it is A minus some correct answers): p = 1 / 1001.
    expect(r.pValue).toBeCloseTo(1 / 1001, 12);
  });

  it('identical systems: difference 0, p = 1', () => {
    const a = bernoulli(500, 0.6, 9);
    const r = pairedBootstrap(a.length, meanMetric(a), meanMetric(a));
    expect([r.lower, r.difference, r.upper]).toEqual([0, 0, 0]);
    expect(r.pValue).toBe(1);
  });

  it('respects higherIsBetter = false for losses', () => {
    const lossA = bernoulli(1000, 0.1, 1);
    const lossB = bernoulli(1000, 0.3, 2);
    const lowerIsBetter = pairedBootstrap(1000, meanMetric(lossA), meanMetric(lossB), { higherIsBetter: false });
    const higherIsBetter = pairedBootstrap(1000, meanMetric(lossA), meanMetric(lossB));
    expect(lowerIsBetter.pValue).toBeLessThan(0.01);
    expect(higherIsBetter.pValue).toBeGreaterThan(0.99);
  });
});
