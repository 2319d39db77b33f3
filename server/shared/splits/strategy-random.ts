import { allocateCounts, assertPartsNonEmpty, assertRowCount, parseFractions, parseSeed } from './fractions';
import { createRandomSource, shuffledIndices } from './random-source';
import type { Fractions, SplitAssignment } from './types';

export type RandomSplitParams = { readonly rowCount: number; readonly fractions: Fractions; readonly seed: number };

/**
 * Seeded random split: shuffle the row indices, then cut the permutation at the
 * largest-remainder counts. Counts are exact, not Bernoulli draws, so 1% of 1M rows is exactly
 * 10,000 rows on every run.
 */
export function randomSplit(params: RandomSplitParams): SplitAssignment {
  const { rowCount, seed } = params;
  assertRowCount(rowCount);
  const fractions = parseFractions(params.fractions);
  const counts = allocateCounts(rowCount, fractions);
  assertPartsNonEmpty(counts, rowCount);
  const order = shuffledIndices(rowCount, createRandomSource(parseSeed(seed)));
  const assignment = new Uint8Array(rowCount);
  // train is already 0; only dev and test positions need writing.
  const devEnd = counts.train + counts.dev;
  for (let k = counts.train; k < devEnd; k++) assignment[order[k]!] = 1;
  for (let k = devEnd; k < rowCount; k++) assignment[order[k]!] = 2;
  return assignment;
}
