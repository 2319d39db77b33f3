import 'server-only';
import type { EncodedCategories } from '../../shared/splits/columns';
import { chiSquareQuantile, chiSquareTwoSample, ksTwoSampleSorted } from './statistics';
import { PART_CODES, type SplitAssignment, type SplitPart } from '../../shared/splits/types';

/**
 * Added to every bin of both parts (Jeffreys' half count) before taking proportions: an empty bin
 * would make ln(0) infinite, and a tiny stand-in proportion makes a few rows' empty bins look like
 * a huge shift (PSI 4 between two random halves of 30 rows).
 */
export const PSI_PSEUDO_COUNT = 0.5;
/** At most this many PSI bins for a numeric feature (deciles of both parts together). */
export const PSI_BINS = 10;
/** At most this many category bins: the most frequent categories of both parts, the rest pooled. */
export const MAX_CATEGORY_BINS = 20;
/** Rows per bin the bins are sized for, so that few rows get few, wider bins. */
const ROWS_PER_BIN = 5;

/** PSI = Σ (a − e) · ln(a / e) over bin proportions, each bin count plus the pseudo-count. */
export function psiFromCounts(expected: ArrayLike<number>, actual: ArrayLike<number>, pseudoCount = PSI_PSEUDO_COUNT): number {
  let totalE = 0;
  let totalA = 0;
  for (let j = 0; j < expected.length; j++) {
    totalE += expected[j]!;
    totalA += actual[j]!;
  }
  if (totalE === 0 || totalA === 0) return 0;
  const k = expected.length;
  let psi = 0;
  for (let j = 0; j < k; j++) {
    const e = (expected[j]! + pseudoCount) / (totalE + pseudoCount * k);
    const a = (actual[j]! + pseudoCount) / (totalA + pseudoCount * k);
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
}

/** Chance stays below `psiChance` this often between two samples of one distribution. */
export const PSI_CHANCE_COVERAGE = 0.95;

/**
 * The PSI two samples of these sizes from one distribution stay below 95% of the time: PSI is
 * the symmetric KL divergence, which for two samples is about χ²(k − 1) · (1/nA + 1/nB) over k
 * occupied bins, so the bound is its 95th percentile. A shift is graded by how far PSI exceeds
 * it: on 15 rows per part noise alone reaches PSI 0.8, on 10,000 it stays under 0.002.
 */
export function psiChance(expected: ArrayLike<number>, actual: ArrayLike<number>): number {
  let occupied = 0;
  let nA = 0;
  let nB = 0;
  for (let j = 0; j < expected.length; j++) {
    if (expected[j]! + actual[j]! > 0) occupied++;
    nA += expected[j]!;
    nB += actual[j]!;
  }
  if (nA === 0 || nB === 0 || occupied < 2) return 0;
  return chiSquareQuantile(1 - PSI_CHANCE_COVERAGE, occupied - 1) * (1 / nA + 1 / nB);
}

/** How many bins the smaller part can fill with about ROWS_PER_BIN rows each, between 2 and `max`. */
export function binsFor(rowsA: number, rowsB: number, max: number): number {
  return Math.max(2, Math.min(max, Math.floor(Math.min(rowsA, rowsB) / ROWS_PER_BIN)));
}

/**
 * Interior decile edges of the sorted reference, duplicates removed: a feature that is 70%
 * zeros gets fewer, wider bins instead of empty ones that would inflate PSI.
 */
export function quantileBinEdges(sortedReference: Float64Array, bins = PSI_BINS): Float64Array {
  const n = sortedReference.length;
  const edges: number[] = [];
  for (let k = 1; k < bins && n > 0; k++) {
    const h = ((n - 1) * k) / bins;
    const lo = Math.floor(h);
    const edge = sortedReference[lo]! + (h - lo) * (sortedReference[Math.min(n - 1, lo + 1)]! - sortedReference[lo]!);
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  return Float64Array.from(edges);
}

/** Counts of sorted values in bins (−∞, e₁], (e₁, e₂], …, (e_k, ∞). */
export function binSorted(sorted: Float64Array, edges: Float64Array): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  let bin = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (bin < edges.length && sorted[i]! > edges[bin]!) bin++;
    counts[bin]!++;
  }
  return counts;
}

export type FeatureCheck = {
  readonly feature: string;
  readonly kind: 'numeric' | 'categorical';
  readonly psi: number;
  readonly test: 'ks' | 'chi-square';
  readonly statistic: number;
  readonly pValue: number;
  readonly rowsA: number;
  readonly rowsB: number;
  readonly missingA: number;
  readonly missingB: number;
  /** The PSI chance alone would give at these sizes (absent on checks stored before it was computed). */
  readonly psiChance?: number;
  /**
   * Categorical only, where b's values repeat (not an ID column): the share of b's present rows
   * whose value never occurs in a. Parts holding different entities score near 1.
   */
  readonly unseenShareB?: number;
};

/** Present (non-NaN) values of one part, sorted ascending, and how many were missing. */
export function presentSorted(values: Float64Array, assignment: SplitAssignment, code: number): { sorted: Float64Array; missing: number } {
  let n = 0;
  let missing = 0;
  for (let i = 0; i < assignment.length; i++) {
    if (assignment[i] !== code) continue;
    if (Number.isNaN(values[i]!)) missing++;
    else n++;
  }
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < assignment.length; i++) if (assignment[i] === code && !Number.isNaN(values[i]!)) out[k++] = values[i]!;
  return { sorted: out.sort(), missing };
}

/**
 * Numeric feature, part a (reference) vs part b: KS on the present values, PSI on the deciles of
 * both parts together plus a missing bin, since a change in how often a value is missing is a
 * shift too. Edges from a alone would put every b value below a's minimum into a's first bin,
 * so parts holding disjoint values (a grouped column, a few integer codes) could score PSI 0.
 */
export function compareNumericFeature(feature: string, values: Float64Array, assignment: SplitAssignment, a: SplitPart, b: SplitPart): FeatureCheck {
  const A = presentSorted(values, assignment, PART_CODES[a]);
  const B = presentSorted(values, assignment, PART_CODES[b]);
  const pooled = new Float64Array(A.sorted.length + B.sorted.length);
  pooled.set(A.sorted);
  pooled.set(B.sorted, A.sorted.length);
  const edges = quantileBinEdges(pooled.sort(), binsFor(A.sorted.length, B.sorted.length, PSI_BINS));
  const binsA = [...binSorted(A.sorted, edges), A.missing];
  const binsB = [...binSorted(B.sorted, edges), B.missing];
  const ks = ksTwoSampleSorted(A.sorted, B.sorted);
  return {
    feature,
    kind: 'numeric',
    psi: psiFromCounts(binsA, binsB),
    psiChance: psiChance(binsA, binsB),
    test: 'ks',
    statistic: ks.statistic,
    pValue: ks.pValue,
    rowsA: A.sorted.length + A.missing,
    rowsB: B.sorted.length + B.missing,
    missingA: A.missing,
    missingB: B.missing,
  };
}

/** Per-category counts of one part, with missing values counted in the final slot. */
export function categoryCounts(encoded: EncodedCategories, assignment: SplitAssignment, part: SplitPart): Float64Array {
  const k = encoded.labels.length;
  const counts = new Float64Array(k + 1);
  const code = PART_CODES[part];
  for (let i = 0; i < assignment.length; i++) {
    if (assignment[i] !== code) continue;
    const c = encoded.codes[i]!;
    counts[c < 0 ? k : c]!++;
  }
  return counts;
}

/**
 * Categorical feature, part a vs part b: PSI and a chi-square test over the same bins, the top
 * categories of both parts together kept apart and the long tail pooled so an ID-like column
 * cannot produce hundreds of epsilon bins. Pooling can hide parts that hold different values
 * (both tails pool to one bin), so the share of b's rows with a value a never has is reported too.
 */
export function compareCategoricalFeature(
  feature: string,
  encoded: EncodedCategories,
  assignment: SplitAssignment,
  a: SplitPart,
  b: SplitPart,
  maxBins = MAX_CATEGORY_BINS,
): FeatureCheck {
  const k = encoded.labels.length;
  const countsA = categoryCounts(encoded, assignment, a);
  const countsB = categoryCounts(encoded, assignment, b);
  const order = Array.from({ length: k }, (_, c) => c).sort((x, y) => countsA[y]! + countsB[y]! - (countsA[x]! + countsB[x]!) || x - y);
  const total = (counts: Float64Array) => counts.reduce((sum, c, i) => (i < k ? sum + c : sum), 0);
  const limit = Number.isFinite(maxBins) ? binsFor(total(countsA), total(countsB), maxBins) : Infinity;
  const kept = k <= limit ? order : order.slice(0, limit - 1);
  const pool = (counts: Float64Array) => {
    const bins = kept.map((c) => counts[c]!);
    let other = 0;
    for (let j = kept.length; j < order.length; j++) other += counts[order[j]!]!;
    bins.push(other, counts[k]!);
    return bins;
  };
  const binsA = pool(countsA);
  const binsB = pool(countsB);
  const chi = chiSquareTwoSample(binsA, binsB);
  const sum = (x: number[]) => x.reduce((s, v) => s + v, 0);
  let unseen = 0;
  let presentB = 0;
  let distinctB = 0;
  for (let c = 0; c < k; c++) {
    presentB += countsB[c]!;
    if (countsB[c]! > 0) distinctB++;
    if (countsA[c] === 0) unseen += countsB[c]!;
  }
  // Unique values (IDs) are unseen elsewhere by nature: only repeated values say something.
  const repeats = distinctB > 0 && presentB / distinctB >= 2;
  return {
    feature,
    kind: 'categorical',
    psi: psiFromCounts(binsA, binsB),
    psiChance: psiChance(binsA, binsB),
    test: 'chi-square',
    statistic: chi.statistic,
    pValue: chi.pValue,
    rowsA: sum(binsA),
    rowsB: sum(binsB),
    missingA: countsA[k]!,
    missingB: countsB[k]!,
    ...(repeats ? { unseenShareB: unseen / presentB } : {}),
  };
}
