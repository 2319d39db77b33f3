import 'server-only';
import { DomainError } from '../../shared/errors';
import { erfc } from '../../shared/stats/normal';

/** 'exact': two-sided binomial test on the discordant pairs; 'chi-square': with Edwards' correction. */
export type McNemarMethod = 'exact' | 'chi-square';

export interface McNemarOptions {
  /** 'auto' (default) uses exact below EXACT_BELOW discordant pairs, chi-square from there on. */
  method?: McNemarMethod | 'auto';
}

export interface McNemarResult {
  /** Examples A got right and B got wrong. */
  b: number;
  /** Examples A got wrong and B got right. */
  c: number;
  /** min(b, c) for the exact test; the corrected chi-square (1 df) otherwise. */
  statistic: number;
  /** Two-sided p-value for H0: both classifiers have the same error rate. */
  pValue: number;
  method: McNemarMethod;
}

/** Below this many discordant pairs the chi-square approximation is too coarse to trust. */
export const EXACT_BELOW = 25;

/**
 * Two-sided exact p = 2·P(X ≤ min(b, c)) with X ~ Binomial(b + c, 1/2), capped at 1.
 * Summed in log space, scaled by the largest term, so b + c in the millions neither
 * underflows 2^-n nor overflows the binomial coefficients.
 */
function exactPValue(b: number, c: number): number {
  const n = b + c;
  const m = Math.min(b, c);
  if (m * 2 === n) return 1;
  // Terms C(n, i) grow for i < n/2, so C(n, m) is the largest and each earlier term follows
  // from the next by the ratio i / (n − i + 1).
  let logTop = 0;
  for (let i = 1; i <= m; i++) logTop += Math.log((n - m + i) / i);
  let sum = 1;
  let term = 1;
  for (let i = m; i >= 1; i--) {
    term *= i / (n - i + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  const logP = Math.LN2 + logTop + Math.log(sum) - n * Math.LN2;
  return Math.min(1, Math.exp(logP));
}

function chiSquare(b: number, c: number): { statistic: number; pValue: number } {
  if (b + c === 0) return { statistic: 0, pValue: 1 };
  // max(0, ·) keeps b = c at statistic 0 (p = 1); the bare (|b − c| − 1)² would turn a perfect
  // tie into evidence of a difference.
  const d = Math.max(0, Math.abs(b - c) - 1);
  const statistic = (d * d) / (b + c);
  // Survival function of chi-square with 1 df: P(Z² > x) = erfc(sqrt(x / 2)).
  return { statistic, pValue: Math.min(1, erfc(Math.sqrt(statistic / 2))) };
}

/** McNemar's test from the discordant counts of a paired 2×2 table. */
export function mcnemarFromCounts(b: number, c: number, options: McNemarOptions = {}): McNemarResult {
  for (const [name, v] of [['b', b], ['c', c]] as const) {
    if (!Number.isInteger(v) || v < 0) {
      throw new DomainError('BAD_INPUT', `Discordant count ${name} must be a non-negative integer, got ${v}.`);
    }
  }
  const requested = options.method ?? 'auto';
  const method: McNemarMethod = requested === 'auto' ? (b + c < EXACT_BELOW ? 'exact' : 'chi-square') : requested;
  if (method === 'exact') {
    return { b, c, statistic: Math.min(b, c), pValue: b + c === 0 ? 1 : exactPValue(b, c), method };
  }
  return { b, c, ...chiSquare(b, c), method };
}

/**
 * McNemar's test for two classifiers scored on the same examples, from per-example
 * correctness (true/1 = correct). Only the discordant examples carry information about
 * which classifier is better; examples both got right or both got wrong cancel out.
 */
export function mcnemarTest(
  correctA: ArrayLike<boolean | number>,
  correctB: ArrayLike<boolean | number>,
  options: McNemarOptions = {},
): McNemarResult {
  if (correctA.length !== correctB.length) {
    throw new DomainError(
      'BAD_INPUT',
      `Both classifiers must be scored on the same examples (got ${correctA.length} and ${correctB.length}).`,
    );
  }
  let b = 0;
  let c = 0;
  for (let i = 0; i < correctA.length; i++) {
    const a = Boolean(correctA[i]);
    const bb = Boolean(correctB[i]);
    if (a && !bb) b++;
    else if (!a && bb) c++;
  }
  return mcnemarFromCounts(b, c, options);
}
