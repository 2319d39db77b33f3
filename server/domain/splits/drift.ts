import 'server-only';
import type { EncodedCategories } from '../../shared/splits/columns';
import { chiSquareTwoSample, ksTwoSampleSorted } from './statistics';
import { PART_CODES, type SplitAssignment, type SplitPart } from '../../shared/splits/types';

/** Stand-in proportion for an empty bin; without it ln(0) makes PSI infinite. */
export const PSI_EPSILON = 1e-4;
/** PSI bins for a numeric feature: deciles of the reference part. */
export const PSI_BINS = 10;
/** Categories beyond the reference part's most frequent 19 share one "other" bin. */
export const MAX_CATEGORY_BINS = 20;

/** PSI = Σ (a − e) · ln(a / e) over bin proportions, with empty bins set to epsilon. */
export function psiFromCounts(expected: ArrayLike<number>, actual: ArrayLike<number>, epsilon = PSI_EPSILON): number {
  let totalE = 0;
  let totalA = 0;
  for (let j = 0; j < expected.length; j++) {
    totalE += expected[j]!;
    totalA += actual[j]!;
  }
  if (totalE === 0 || totalA === 0) return 0;
  let psi = 0;
  for (let j = 0; j < expected.length; j++) {
    const e = expected[j]! / totalE || epsilon;
    const a = actual[j]! / totalA || epsilon;
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
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
 * Numeric feature, part a (reference) vs part b: KS on the present values, PSI on a's deciles
 * plus a missing bin, since a change in how often a value is missing is a shift too.
 */
export function compareNumericFeature(feature: string, values: Float64Array, assignment: SplitAssignment, a: SplitPart, b: SplitPart): FeatureCheck {
  const A = presentSorted(values, assignment, PART_CODES[a]);
  const B = presentSorted(values, assignment, PART_CODES[b]);
  const edges = quantileBinEdges(A.sorted);
  const binsA = [...binSorted(A.sorted, edges), A.missing];
  const binsB = [...binSorted(B.sorted, edges), B.missing];
  const ks = ksTwoSampleSorted(A.sorted, B.sorted);
  return {
    feature,
    kind: 'numeric',
    psi: psiFromCounts(binsA, binsB),
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
 * Categorical feature, part a vs part b: PSI and a chi-square test over the same bins, the
 * reference part's top categories kept apart and the long tail pooled so an ID-like column
 * cannot produce hundreds of epsilon bins.
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
  const order = Array.from({ length: k }, (_, c) => c).sort((x, y) => countsA[y]! - countsA[x]! || x - y);
  const kept = k <= maxBins ? order : order.slice(0, maxBins - 1);
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
  return {
    feature,
    kind: 'categorical',
    psi: psiFromCounts(binsA, binsB),
    test: 'chi-square',
    statistic: chi.statistic,
    pValue: chi.pValue,
    rowsA: sum(binsA),
    rowsB: sum(binsB),
    missingA: countsA[k]!,
    missingB: countsB[k]!,
  };
}
