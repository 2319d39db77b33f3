import { describe, expect, it } from 'vitest';
import { DomainError } from '@/server/shared/errors';
import { mcnemarFromCounts, mcnemarTest } from '@/server/domain/stats/mcnemar';

/** Builds per-example correctness arrays for a paired 2×2 table. */
function table(bothRight: number, b: number, c: number, bothWrong: number): [boolean[], boolean[]] {
  const a: boolean[] = [];
  const bb: boolean[] = [];
  const push = (x: boolean, y: boolean, times: number) => {
    for (let i = 0; i < times; i++) {
      a.push(x);
      bb.push(y);
    }
  };
  push(true, true, bothRight);
  push(true, false, b);
  push(false, true, c);
  push(false, false, bothWrong);
  return [a, bb];
}

describe('McNemar exact', () => {
  it('b = 2, c = 8 from per-example arrays', () => {
    // n = 10 discordant, X ~ Bin(10, 1/2); P(X ≤ 2) = (C(10,0) + C(10,1) + C(10,2)) / 2^10
    //   = (1 + 10 + 45) / 1024 = 56 / 1024; two-sided p = 112 / 1024 = 0.109375
    const [a, b] = table(70, 2, 8, 20);
    const r = mcnemarTest(a, b);
    expect(r).toMatchObject({ b: 2, c: 8, statistic: 2, method: 'exact' });
    expect(r.pValue).toBeCloseTo(0.109375, 12);
  });

  it('b = 5, c = 1 is symmetric to b = 1, c = 5', () => {
    // n = 6: 2 · (C(6,0) + C(6,1)) / 64 = 2 · 7 / 64 = 0.21875
    expect(mcnemarFromCounts(5, 1).pValue).toBeCloseTo(0.21875, 12);
    expect(mcnemarFromCounts(1, 5).pValue).toBeCloseTo(0.21875, 12);
  });

  it('ties and empty tables give p = 1', () => {
    expect(mcnemarFromCounts(3, 3).pValue).toBe(1);
    expect(mcnemarFromCounts(0, 0).pValue).toBe(1);
  });

  it('b = 0, c = 5: 2 / 2^5 = 0.0625', () => {
    expect(mcnemarFromCounts(0, 5).pValue).toBeCloseTo(0.0625, 12);
  });

  it('stays finite for very large discordant counts when exact is forced', () => {
    // 4000 vs 6000 of 10,000 discordant: 2^-10000 alone underflows a double, so this needs the log-space sum.
    // Reference p = 1.7404316412268293e-89 (scipy.stats.binomtest(4000, 10000).pvalue).
    const r = mcnemarFromCounts(4000, 6000, { method: 'exact' });
    expect(r.pValue / 1.7404316412268293e-89).toBeCloseTo(1, 6);
  });
});

describe('McNemar chi-square with continuity correction', () => {
  it('b = 40, c = 20', () => {
    // χ² = (|40 − 20| − 1)² / (40 + 20) = 361 / 60 = 6.016667
    // p = P(χ²₁ > 6.016667) = 2·(1 − Φ(sqrt(6.016667))) = 2·(1 − Φ(2.45289)) ≈ 2 · 0.0070857 = 0.014171
    const r = mcnemarFromCounts(40, 20);
    expect(r.method).toBe('chi-square');
    expect(r.statistic).toBeCloseTo(6.016667, 6);
    expect(r.pValue).toBeCloseTo(0.0141714, 6);
  });

  it('b = 15, c = 35 from arrays', () => {
    // χ² = (20 − 1)² / 50 = 7.22; p = 2·(1 − Φ(2.68701)) ≈ 0.0072096
    const [a, b] = table(400, 15, 35, 50);
    const r = mcnemarTest(a, b);
    expect(r).toMatchObject({ b: 15, c: 35, method: 'chi-square' });
    expect(r.statistic).toBeCloseTo(7.22, 12);
    expect(r.pValue).toBeCloseTo(0.0072096, 6);
  });

  it('switches at 25 discordant pairs and a perfect tie gives p = 1', () => {
    expect(mcnemarFromCounts(12, 12).method).toBe('exact');
    expect(mcnemarFromCounts(13, 12).method).toBe('chi-square');
    expect(mcnemarFromCounts(20, 20).pValue).toBe(1);
  });

  it('exact and chi-square agree roughly on a moderate table', () => {
    const exact = mcnemarFromCounts(40, 20, { method: 'exact' }).pValue;
    expect(exact).toBeGreaterThan(0.01);
    expect(exact).toBeLessThan(0.02);
  });
});

describe('McNemar input checks', () => {
  it('rejects arrays of different lengths and bad counts', () => {
    expect(() => mcnemarTest([true], [true, false])).toThrow(DomainError);
    expect(() => mcnemarFromCounts(-1, 2)).toThrow(DomainError);
    expect(() => mcnemarFromCounts(1.5, 2)).toThrow(DomainError);
  });
});
