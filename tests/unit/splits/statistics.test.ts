import { describe, expect, it } from 'vitest';
import {
  chiSquareQuantile,
  chiSquarePValue,
  chiSquareTwoSample,
  kolmogorovQ,
  ksTwoSampleSorted,
  regularizedGammaQ,
} from '@/server/domain/splits/statistics';
import { logGamma } from '@/server/shared/stats/special';
import { meanAndStd, quantileSorted } from '@/server/shared/stats/summary';
import { binSorted, psiChance, psiFromCounts, quantileBinEdges } from '@/server/domain/splits/drift';

describe('incomplete gamma', () => {
  it('matches closed forms', () => {
    expect(logGamma(10)).toBeCloseTo(Math.log(362_880), 12); // Γ(10) = 9!
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12); // Γ(½) = √π
    // Q(1, x) = e^(−x).
    expect(regularizedGammaQ(1, 5)).toBeCloseTo(Math.exp(-5), 14);
    // Q(3, x) = e^(−x)(1 + x + x²/2): at 2.5, e^(−2.5)·(1 + 2.5 + 3.125) = 0.0820850·6.625 = 0.5438131 (series branch).
    expect(regularizedGammaQ(3, 2.5)).toBeCloseTo(Math.exp(-2.5) * 6.625, 13);
    // At 10: e^(−10)·(1 + 10 + 50) = 4.539993e−5·61 = 2.769396e−3 (continued-fraction branch).
    expect(regularizedGammaQ(3, 10)).toBeCloseTo(Math.exp(-10) * 61, 15);
    // Q(½, x) = erfc(√x); erfc(√2) = 0.0455002638963584.
    expect(regularizedGammaQ(0.5, 2)).toBeCloseTo(0.0455002638963584, 12);
  });

  it('keeps tiny tail p-values instead of rounding them to 0', () => {
    // df = 2: p = e^(−χ²/2); χ² = 1000 → e^(−500) ≈ 7.1e−218.
    expect(chiSquarePValue(1000, 2) / Math.exp(-500)).toBeCloseTo(1, 10);
  });
});

describe('chi-square two-sample', () => {
  it('2 × 2 by hand', () => {
    // dev a 10 b 20, test a 20 b 10. Row totals 30/30, column totals 30/30, every E = 30·30/60 = 15.
    // χ² = 4 · (5² / 15) = 100/15 = 6.6667, df = 1, p = Q(½, 3.3333) = erfc(1.8257) = 0.0098233.
    const r = chiSquareTwoSample([10, 20], [20, 10]);
    expect(r.statistic).toBeCloseTo(100 / 15, 12);
    expect(r.df).toBe(1);
    expect(r.pValue).toBeCloseTo(0.0098232745, 9);
  });

  it('2 × 3 by hand, df 2 has the closed form e^(−χ²/2)', () => {
    // dev 10/20/30, test 30/20/10: every E = 60·40/120 = 20; χ² = (100 + 0 + 100)·2/20 = 20.
    const r = chiSquareTwoSample([10, 20, 30], [30, 20, 10]);
    expect(r.statistic).toBeCloseTo(20, 12);
    expect(r.df).toBe(2);
    expect(r.pValue).toBeCloseTo(Math.exp(-10), 15);
  });

  it('drops categories empty on both sides and returns p = 1 for identical samples', () => {
    expect(chiSquareTwoSample([5, 0, 5], [5, 0, 5])).toMatchObject({ statistic: 0, df: 1, pValue: 1 });
  });
});

describe('Kolmogorov–Smirnov', () => {
  it('statistic and p-value by hand', () => {
    // a = 1 2 3 4, b = 3 4 5 6. ECDF gaps: x=1 .25, x=2 .50, x=3 .75−.25 = .50, x=4 1−.5 = .50,
    // x=5 1−.75 = .25 → D = 0.5. nₑ = 4·4/8 = 2, λ = (√2 + 0.12 + 0.11/√2)·0.5 = 0.80599.
    // Q = 2(e^(−2λ²) − e^(−8λ²) + e^(−18λ²)) = 2(0.272727 − 0.005532 + 0.0000085) = 0.53442.
    const r = ksTwoSampleSorted(Float64Array.of(1, 2, 3, 4), Float64Array.of(3, 4, 5, 6));
    expect(r.statistic).toBe(0.5);
    expect(r.pValue).toBeCloseTo(0.53442, 4);
  });

  it('ties do not create a gap, identical samples give D = 0', () => {
    expect(ksTwoSampleSorted(Float64Array.of(1, 1, 2, 2), Float64Array.of(1, 2)).statistic).toBe(0);
    expect(ksTwoSampleSorted(Float64Array.of(0, 0, 0), Float64Array.of(1, 1)).statistic).toBe(1);
  });

  it('Kolmogorov tail agrees on both sides of the 1.18 switch (scipy kstwobign.sf)', () => {
    expect(kolmogorovQ(0.5)).toBeCloseTo(0.9639452436648751, 12);
    expect(kolmogorovQ(1)).toBeCloseTo(0.26999967167735456, 12);
    expect(kolmogorovQ(1.5)).toBeCloseTo(0.022217962616525127, 12);
    expect(kolmogorovQ(1.17999)).toBeCloseTo(kolmogorovQ(1.18001), 4);
  });
});

describe('PSI', () => {
  it('two bins by hand, each count plus half a row', () => {
    // Without the pseudo-count: .5/.5 vs .6/.4 → (.1)·ln(1.2) + (−.1)·ln(.8) = 0.0405465.
    expect(psiFromCounts([5, 5], [6, 4], 0)).toBeCloseTo(0.0405465, 7);
    // With it: 5.5/11 each vs 6.5/11, 4.5/11 → (1/11)·ln(13/11) + (1/11)·ln(11/9) = 0.0334295.
    expect(psiFromCounts([5, 5], [6, 4])).toBeCloseTo(0.0334295, 7);
  });

  it('knows the PSI chance stays under 95% of the time: the χ²(k − 1) 95th percentile × (1/nA + 1/nB), k occupied bins', () => {
    // χ² 95th percentiles: 3.841459 (1 df), 7.814728 (3 df).
    expect(chiSquareQuantile(0.05, 1)).toBeCloseTo(3.841459, 5);
    expect(chiSquareQuantile(0.05, 3)).toBeCloseTo(7.814728, 5);
    expect(psiChance([5, 5, 0], [6, 4, 0])).toBeCloseTo(3.841459 * (1 / 10 + 1 / 10), 5);
    expect(psiChance([10, 0, 10, 5], [1, 1, 1, 1])).toBeCloseTo(7.814728 * (1 / 25 + 1 / 4), 5);
    expect(psiChance([0, 0], [3, 4])).toBe(0);
  });

  it('decile bins from the reference, half a row in every bin', () => {
    // Reference 1..10, type-7 deciles 1.9, 2.8, …, 9.1: one reference value per bin (.1 each).
    const ref = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    const edges = quantileBinEdges(ref);
    expect(Array.from(edges)).toEqual([1.9, 2.8, 3.7, 4.6, 5.5, 6.4, 7.3, 8.2, 9.1].map((x) => expect.closeTo(x, 12)));
    // Comparison 1,1,2,2,…,5,5 fills the first five bins with .2 each; the last five are empty → 1e−4.
    const cmp = Float64Array.of(1, 1, 2, 2, 3, 3, 4, 4, 5, 5);
    expect(Array.from(binSorted(cmp, edges))).toEqual([2, 2, 2, 2, 2, 0, 0, 0, 0, 0]);
    // With half a row per bin: reference 1.5/15 = .1 each; comparison 2.5/15 = 1/6 in five bins, 0.5/15 = 1/30 in five:
    // 5·(1/6 − .1)·ln(5/3) + 5·(1/30 − .1)·ln(1/3) = 0.1702752 + 0.3662041 = 0.5364793.
    expect(psiFromCounts(binSorted(ref, edges), binSorted(cmp, edges))).toBeCloseTo(0.5364793, 6);
  });

  it('merges duplicate edges for a mostly-constant feature', () => {
    const ref = Float64Array.of(0, 0, 0, 0, 0, 0, 0, 1, 2, 3);
    // h = 9k/10: k = 1..6 → h ≤ 5.4, all zeros (one merged edge); k = 7 → h 6.3 → 0 + .3·1 = 0.3;
    // k = 8 → h 7.2 → 1 + .2·1 = 1.2; k = 9 → h 8.1 → 2 + .1·1 = 2.1.
    expect(Array.from(quantileBinEdges(ref))).toEqual([0, expect.closeTo(0.3, 12), expect.closeTo(1.2, 12), expect.closeTo(2.1, 12)]);
  });
});

describe('summaries', () => {
  it('quantiles, mean and sample std', () => {
    const x = Float64Array.of(1, 2, 3, 4);
    expect(quantileSorted(x, 0.5)).toBe(2.5);
    expect(quantileSorted(x, 0.25)).toBe(1.75); // h = 3·.25 = .75 → 1 + .75·(2 − 1)
    const { mean, std } = meanAndStd(x);
    expect(mean).toBe(2.5);
    expect(std).toBeCloseTo(Math.sqrt(5 / 3), 12); // Σ(x − 2.5)² = 5, / (n − 1)
  });
});
