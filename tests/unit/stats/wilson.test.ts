import { describe, expect, it } from 'vitest';
import { DomainError } from '@/server/shared/errors';
import { erfc, inverseNormalCdf, normalCdf, zForConfidence } from '@/server/shared/stats/normal';
import { accuracyCiHalfWidth, wilsonInterval } from '@/server/shared/stats/wilson';

describe('inverseNormalCdf (Acklam)', () => {
  it('matches standard normal table quantiles to ~1e-9', () => {
    // Reference quantiles from any normal table / scipy.stats.norm.ppf.
    expect(inverseNormalCdf(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(inverseNormalCdf(0.995)).toBeCloseTo(2.5758293035489004, 8);
    expect(inverseNormalCdf(0.9)).toBeCloseTo(1.2815515655446004, 8);
    expect(inverseNormalCdf(0.5)).toBe(0);
    // Lower tail branch (p < 0.02425) and deep tail.
    expect(inverseNormalCdf(0.01)).toBeCloseTo(-2.3263478740408408, 8);
    expect(inverseNormalCdf(1e-10)).toBeCloseTo(-6.361340902404056, 7);
  });

  it('is the inverse of normalCdf', () => {
    for (const p of [0.001, 0.02, 0.3, 0.5, 0.8, 0.99]) {
      expect(normalCdf(inverseNormalCdf(p))).toBeCloseTo(p, 6);
    }
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(zForConfidence(0.99)).toBeCloseTo(2.5758293, 6);
  });

  it('rejects probabilities outside (0, 1)', () => {
    expect(() => inverseNormalCdf(0)).toThrow(DomainError);
    expect(() => inverseNormalCdf(1)).toThrow(DomainError);
    expect(() => zForConfidence(1.5)).toThrow(DomainError);
  });
});

describe('wilsonInterval', () => {
  it('k = 8, n = 10 at 95%', () => {
    // z = 1.959964, z² = 3.841459, 1 + z²/n = 1.3841459
    // center = (0.8 + 3.841459/20) / 1.3841459 = 0.9920729 / 1.3841459 = 0.716740
    // half   = z / 1.3841459 · sqrt(0.8·0.2/10 + 3.841459/400)
    //        = 1.415997 · sqrt(0.016 + 0.0096036) = 1.415997 · 0.1600114 = 0.226578
    // → [0.490162, 0.943318]
    const ci = wilsonInterval(8, 10);
    expect(ci.estimate).toBe(0.8);
    expect(ci.center).toBeCloseTo(0.716740, 5);
    expect(ci.lower).toBeCloseTo(0.490162, 5);
    expect(ci.upper).toBeCloseTo(0.943318, 5);
  });

  it('k = 0, n = 20 has lower bound exactly 0 and upper z²/(n + z²)', () => {
    // With p = 0 the interval is [0, 2·center], center = (z²/2n)/(1 + z²/n) = z²/(2(n + z²)).
    // upper = z²/(n + z²) = 3.841459 / 23.841459 = 0.161125
    const ci = wilsonInterval(0, 20);
    expect(ci.lower).toBe(0);
    expect(ci.upper).toBeCloseTo(0.161125, 5);
  });

  it('k = n = 20 mirrors k = 0', () => {
    const ci = wilsonInterval(20, 20);
    expect(ci.upper).toBe(1);
    expect(ci.lower).toBeCloseTo(1 - 0.161125, 5);
  });

  it('k = 50, n = 100 is symmetric around 0.5', () => {
    // center = 0.5; half = z/(1 + 0.0384146) · sqrt(0.0025 + 0.0000960) = 1.887448 · 0.0509517 = 0.096168
    const ci = wilsonInterval(50, 100);
    expect(ci.center).toBeCloseTo(0.5, 12);
    expect(ci.lower).toBeCloseTo(0.403832, 5);
    expect(ci.upper).toBeCloseTo(0.596168, 5);
  });

  it('narrows with a lower confidence level', () => {
    const a = wilsonInterval(8, 10, 0.9);
    const b = wilsonInterval(8, 10, 0.95);
    expect(a.upper - a.lower).toBeLessThan(b.upper - b.lower);
  });

  it('rejects impossible counts', () => {
    expect(() => wilsonInterval(11, 10)).toThrow(DomainError);
    expect(() => wilsonInterval(1, 0)).toThrow(DomainError);
    expect(() => wilsonInterval(1.5, 10)).toThrow(DomainError);
    expect(() => wilsonInterval(-1, 10)).toThrow(DomainError);
  });
});

describe('accuracyCiHalfWidth', () => {
  it('10,000 dev rows resolve about ±0.98 pp', () => {
    // 1.959964 · sqrt(0.25 / 10000) = 1.959964 · 0.005 = 0.0097998
    expect(accuracyCiHalfWidth(10_000)).toBeCloseTo(0.0097998, 6);
  });

  it('shrinks with accuracy away from 0.5 and with 4× the rows halves', () => {
    // p = 0.9, n = 1000: 1.959964 · sqrt(0.09 / 1000) = 1.959964 · 0.0094868 = 0.018594
    expect(accuracyCiHalfWidth(1000, 0.9)).toBeCloseTo(0.018594, 5);
    expect(accuracyCiHalfWidth(40_000)).toBeCloseTo(accuracyCiHalfWidth(10_000) / 2, 12);
  });

  it('rejects a non-positive dev size', () => {
    expect(() => accuracyCiHalfWidth(0)).toThrow(DomainError);
    expect(() => accuracyCiHalfWidth(100, 1.2)).toThrow(DomainError);
  });
});
