import { regularizedBeta } from './special';
import { meanAndStd } from './summary';

/** P(T ≤ t) for Student's t with `df` degrees of freedom, through the incomplete beta function. */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0) || Number.isNaN(t)) return Number.NaN;
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The t with P(T ≤ t) = p, by bisection on the CDF (monotone; 100 halvings reach double precision). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return Number.NaN;
  if (p === 0.5) return 0;
  let lo = -1;
  let hi = 1;
  while (studentTCdf(lo, df) > p) lo *= 2;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface MeanInterval {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); null with one value. */
  std: number | null;
  /** Two-sided t interval of the mean; null with fewer than two values. */
  lower: number | null;
  upper: number | null;
}

/** Mean of replicate values with its t confidence interval (seeds as replicates). */
export function meanWithTInterval(values: readonly number[], confidence = 0.95): MeanInterval {
  const n = values.length;
  const { mean, std } = meanAndStd(Float64Array.from(values));
  if (n < 2) return { n, mean, std: null, lower: null, upper: null };
  const half = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * (std / Math.sqrt(n));
  return { n, mean, std, lower: mean - half, upper: mean + half };
}
