import 'server-only';
/**
 * Small, dependency-free statistics for split guidance. Accuracy targets: p-values to ~1e-10
 * absolute, which is far finer than any verdict threshold.
 */
import { logGamma } from '../../shared/stats/special';

/**
 * Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a). Series for x < a + 1 (where it
 * converges fast), Lentz continued fraction otherwise; the fraction gives Q directly, so tiny
 * tail p-values keep their precision instead of vanishing in 1 − P.
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return Number.NaN;
  if (x === 0) return 1;
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return Math.max(0, 1 - sum * Math.exp(logPrefix));
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(logPrefix) * h;
}

/** Upper-tail probability of a chi-square statistic with df degrees of freedom. */
export function chiSquarePValue(statistic: number, df: number): number {
  if (df <= 0) return 1;
  return regularizedGammaQ(df / 2, statistic / 2);
}

export type ChiSquareResult = { readonly statistic: number; readonly df: number; readonly pValue: number; readonly minExpected: number };

/** The x with P(χ²_df > x) = tail, by bisection on the upper tail (monotone in x). */
export function chiSquareQuantile(tail: number, df: number): number {
  if (!(tail > 0 && tail < 1) || !(df > 0)) return Number.NaN;
  let lo = 0;
  let hi = Math.max(1, df);
  while (chiSquarePValue(hi, df) > tail) hi *= 2;
  for (let i = 0; i < 100 && hi - lo > 1e-10 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (chiSquarePValue(mid, df) > tail) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Chi-square test of homogeneity for a 2 × k table of counts (two samples over k categories).
 * Categories empty in both samples are dropped; they carry no information and would add a
 * spurious degree of freedom.
 */
export function chiSquareTwoSample(countsA: ArrayLike<number>, countsB: ArrayLike<number>): ChiSquareResult {
  let totalA = 0;
  let totalB = 0;
  for (let j = 0; j < countsA.length; j++) {
    totalA += countsA[j]!;
    totalB += countsB[j]!;
  }
  const total = totalA + totalB;
  let statistic = 0;
  let used = 0;
  let minExpected = Infinity;
  if (totalA === 0 || totalB === 0) return { statistic: 0, df: 0, pValue: 1, minExpected: 0 };
  for (let j = 0; j < countsA.length; j++) {
    const column = countsA[j]! + countsB[j]!;
    if (column === 0) continue;
    used++;
    const expectedA = (totalA * column) / total;
    const expectedB = (totalB * column) / total;
    minExpected = Math.min(minExpected, expectedA, expectedB);
    statistic += (countsA[j]! - expectedA) ** 2 / expectedA + (countsB[j]! - expectedB) ** 2 / expectedB;
  }
  const df = Math.max(0, used - 1);
  return { statistic, df, pValue: chiSquarePValue(statistic, df), minExpected: Number.isFinite(minExpected) ? minExpected : 0 };
}

/**
 * Kolmogorov distribution tail Q_KS(λ) = 2 Σ (−1)^(j−1) exp(−2 j² λ²), with the small-λ
 * Jacobi-transformed form where the alternating series converges slowly (Numerical Recipes 3e).
 */
export function kolmogorovQ(lambda: number): number {
  if (lambda < 0.042) return 1;
  if (lambda < 1.18) {
    const y = Math.exp(-(Math.PI * Math.PI) / (8 * lambda * lambda));
    const cdf = (Math.sqrt(2 * Math.PI) / lambda) * (y + y ** 9 + y ** 25 + y ** 49);
    return Math.min(1, Math.max(0, 1 - cdf));
  }
  const x = Math.exp(-2 * lambda * lambda);
  return Math.max(0, 2 * (x - x ** 4 + x ** 9));
}

export type KsResult = { readonly statistic: number; readonly pValue: number; readonly nA: number; readonly nB: number };

/**
 * Two-sample Kolmogorov–Smirnov test on already sorted samples. The p-value uses Stephens'
 * small-sample correction λ = (√nₑ + 0.12 + 0.11/√nₑ)·D, nₑ = nA·nB/(nA + nB).
 */
export function ksTwoSampleSorted(a: Float64Array, b: Float64Array): KsResult {
  const nA = a.length;
  const nB = b.length;
  if (nA === 0 || nB === 0) return { statistic: 0, pValue: 1, nA, nB };
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < nA && j < nB) {
    // Step past every copy of the smaller value in both samples, so ties never open a gap.
    const v = Math.min(a[i]!, b[j]!);
    while (i < nA && a[i]! === v) i++;
    while (j < nB && b[j]! === v) j++;
    d = Math.max(d, Math.abs(i / nA - j / nB));
  }
  const ne = (nA * nB) / (nA + nB);
  const sqrtNe = Math.sqrt(ne);
  return { statistic: d, pValue: kolmogorovQ((sqrtNe + 0.12 + 0.11 / sqrtNe) * d), nA, nB };
}

