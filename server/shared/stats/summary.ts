/** Order statistics and moments, shared by split guidance, bootstrap intervals and sweeps. */

/** Quantile of sorted data by linear interpolation between order statistics (R type 7). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Mean and sample standard deviation (n − 1), via Welford for stability on large inputs. */
export function meanAndStd(values: Float64Array): { mean: number; std: number } {
  let mean = 0;
  let m2 = 0;
  for (let k = 0; k < values.length; k++) {
    const x = values[k]!;
    const delta = x - mean;
    mean += delta / (k + 1);
    m2 += delta * (x - mean);
  }
  const n = values.length;
  return { mean: n > 0 ? mean : Number.NaN, std: n > 1 ? Math.sqrt(m2 / (n - 1)) : Number.NaN };
}
