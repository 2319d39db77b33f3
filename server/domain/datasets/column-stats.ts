import 'server-only';
import type { Histogram, ValueCount } from '../../shared/datasets/types';

export const HISTOGRAM_BINS = 20;

export interface NumericSummary {
  min: number;
  max: number;
  mean: number;
  std: number;
  nonMissing: number;
}

/** min/max/mean/sample std over non-NaN values. */
export function summarizeNumbers(values: Float64Array): NumericSummary {
  let min = Infinity;
  let max = -Infinity;
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v !== v) continue;
    n++;
    if (v < min) min = v;
    if (v > max) max = v;
    // Welford: sum-of-squares loses precision on large offsets such as epoch milliseconds.
    const delta = v - mean;
    mean += delta / n;
    m2 += delta * (v - mean);
  }
  return { min, max, mean, std: n > 1 ? Math.sqrt(m2 / (n - 1)) : 0, nonMissing: n };
}

const bits = new Float64Array(1);
const bitWords = new Int32Array(bits.buffer);
/** Distinct values counted exactly in a cache-sized table before switching strategy. */
const EXACT_TABLE_LIMIT = 1 << 16;
const HLL_BITS = 14;

function hashOf(v: number): number {
  bits[0] = v;
  const h = Math.imul((bitWords[0] as number) ^ Math.imul(bitWords[1] as number, 0x9e3779b1), 0x85ebca6b);
  return Math.imul(h ^ (h >>> 15), 0xc2b2ae35) ^ (h >>> 13);
}

/**
 * Distinct non-NaN values. Exact up to 65,536 in a small hash table; beyond that, exact for integer
 * columns through a bitmap over [min, max] (that is what id detection needs) and otherwise a
 * HyperLogLog estimate (about 1% error): exact counting of a million floats in a large table spent
 * its time in cache misses and dominated ingest time.
 */
export function countDistinct(values: Float64Array, integerValued: boolean, min: number, max: number): { count: number; exact: boolean } {
  const small = countDistinctUpTo(values, EXACT_TABLE_LIMIT);
  if (small !== -1) return { count: small, exact: true };
  if (integerValued && max - min < 64 * 1024 * 1024) return { count: countIntegerBitmap(values, min, max), exact: true };
  return { count: Math.round(hyperLogLog(values)), exact: false };
}

function countDistinctUpTo(values: Float64Array, limit: number): number {
  const size = limit * 2;
  const mask = size - 1;
  const table = new Float64Array(size).fill(NaN); // NaN marks an empty slot
  let distinct = 0;
  for (let i = 0; i < values.length; i++) {
    const v = (values[i] as number) + 0; // folds -0 into 0
    if (v !== v) continue;
    let h = hashOf(v) & mask;
    for (;;) {
      const slot = table[h] as number;
      if (slot !== slot) {
        if (++distinct > limit) return -1;
        table[h] = v;
        break;
      }
      if (slot === v) break;
      h = (h + 1) & mask;
    }
  }
  return distinct;
}

function countIntegerBitmap(values: Float64Array, min: number, max: number): number {
  const seen = new Uint8Array(Math.ceil((max - min + 1) / 8));
  let distinct = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v !== v) continue;
    const k = v - min;
    const byte = k >>> 3;
    const bit = 1 << (k & 7);
    if (((seen[byte] as number) & bit) === 0) {
      seen[byte] = (seen[byte] as number) | bit;
      distinct++;
    }
  }
  return distinct;
}

function hyperLogLog(values: Float64Array): number {
  const m = 1 << HLL_BITS;
  const registers = new Uint8Array(m);
  for (let i = 0; i < values.length; i++) {
    const v = (values[i] as number) + 0;
    if (v !== v) continue;
    const h = hashOf(v);
    const idx = h >>> (32 - HLL_BITS);
    const rank = Math.clz32((h << HLL_BITS) | (1 << (HLL_BITS - 1))) + 1;
    if (rank > (registers[idx] as number)) registers[idx] = rank;
  }
  let sum = 0;
  let zeros = 0;
  for (let j = 0; j < m; j++) {
    sum += 2 ** -(registers[j] as number);
    if (registers[j] === 0) zeros++;
  }
  const estimate = ((0.7213 / (1 + 1.079 / m)) * m * m) / sum;
  return estimate <= 2.5 * m && zeros > 0 ? m * Math.log(m / zeros) : estimate;
}

/** Equal-width bins over [min, max]; integer columns with few values get one bin per value. */
export function histogram(values: Float64Array, min: number, max: number, integerValued: boolean): Histogram {
  if (!Number.isFinite(min)) return { binEdges: [], counts: [] };
  let bins = HISTOGRAM_BINS;
  let lo = min;
  let width = (max - min) / bins;
  if (integerValued && max - min + 1 <= HISTOGRAM_BINS) {
    bins = max - min + 1;
    lo = min - 0.5;
    width = 1;
  } else if (width === 0) {
    bins = 1;
    width = 1;
    lo = min - 0.5;
  }
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v !== v) continue;
    const b = Math.min(bins - 1, Math.floor((v - lo) / width));
    counts[b] = (counts[b] ?? 0) + 1;
  }
  const binEdges = Array.from({ length: bins + 1 }, (_, i) => (i === bins && width !== 1 ? max : lo + i * width));
  return { binEdges, counts };
}

export function countCodes(codes: Int32Array, dictionarySize: number): Int32Array {
  const counts = new Int32Array(dictionarySize);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] as number;
    if (c >= 0) counts[c] = (counts[c] as number) + 1;
  }
  return counts;
}

export function topValues(dictionary: string[], counts: Int32Array, limit: number): ValueCount[] {
  const order = Array.from(counts.keys()).sort((a, b) => (counts[b] as number) - (counts[a] as number) || a - b);
  return order.slice(0, limit).map((code) => ({ value: dictionary[code] as string, count: counts[code] as number }));
}
