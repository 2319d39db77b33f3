import { DomainError } from '../errors';
import { assertNoMissing, assertColumnLength, encodeCategories } from './columns';
import { allocateCounts, assertPartsNonEmpty, assertRowCount, parseFractions, parseSeed } from './fractions';
import { createRandomSource, shuffleInPlace } from './random-source';
import { PART_NAMES, type Fractions, type SplitAssignment, type SplitInputColumn } from './types';

export type StratifiedSplitParams = {
  readonly rowCount: number;
  readonly target: SplitInputColumn;
  readonly targetName: string;
  readonly fractions: Fractions;
  readonly seed: number;
  /**
   * The column is the dataset's target: errors must not name its values or count its rows,
   * since any row of a version may become a sealed test row.
   */
  readonly sealedValues?: boolean;
};

const PARTS = PART_NAMES.length;

/**
 * Rows per (class, part), flattened as [class * 3 + part]. Each class gets floor(n_c · f_p) in
 * every part, at least one row in every part, and its leftover rows go to the parts with the
 * largest fractional quotas, preferring parts still short of their overall largest-remainder
 * total so part sizes match a random split's whenever rounding allows.
 */
export function allocateStrata(classCounts: Float64Array, fractions: Fractions, totals: readonly number[]): Int32Array {
  const k = classCounts.length;
  const alloc = new Int32Array(k * PARTS);
  const remainders = new Float64Array(k * PARTS).fill(-1);
  const leftover = new Int32Array(k);
  const filled = [0, 0, 0];
  for (let c = 0; c < k; c++) {
    const n = classCounts[c]!;
    let sum = 0;
    for (let p = 0; p < PARTS; p++) {
      let q = n * fractions[PART_NAMES[p]!];
      if (Math.abs(q - Math.round(q)) <= 1e-9 * Math.max(1, q)) q = Math.round(q);
      const floor = Math.floor(q);
      // A class must show up in every part, or the dev score says nothing about it.
      alloc[c * PARTS + p] = Math.max(1, floor);
      if (floor > 0 && q > floor) remainders[c * PARTS + p] = q - floor;
      sum += alloc[c * PARTS + p]!;
    }
    while (sum > n) {
      // Forced ones overshot a small class: take back from its largest part.
      let big = 0;
      for (let p = 1; p < PARTS; p++) if (alloc[c * PARTS + p]! > alloc[c * PARTS + big]!) big = p;
      alloc[c * PARTS + big]!--;
      remainders[c * PARTS + big] = -1;
      sum--;
    }
    leftover[c] = n - sum;
    for (let p = 0; p < PARTS; p++) filled[p]! += alloc[c * PARTS + p]!;
  }
  const candidates: number[] = [];
  for (let c = 0; c < k; c++) {
    if (leftover[c]! === 0) continue;
    for (let p = 0; p < PARTS; p++) if (remainders[c * PARTS + p]! > 0) candidates.push(c * PARTS + p);
  }
  candidates.sort((a, b) => remainders[b]! - remainders[a]! || a - b);
  const give = (cell: number) => {
    alloc[cell]!++;
    filled[cell % PARTS]!++;
    leftover[Math.floor(cell / PARTS)]!--;
    remainders[cell] = -1;
  };
  for (const cell of candidates) {
    if (leftover[Math.floor(cell / PARTS)]! > 0 && filled[cell % PARTS]! < totals[cell % PARTS]!) give(cell);
  }
  // Whatever the part totals could not absorb stays with the class's best remainders.
  for (const cell of candidates) if (leftover[Math.floor(cell / PARTS)]! > 0 && remainders[cell]! > 0) give(cell);
  for (let c = 0; c < k; c++) {
    if (leftover[c]! > 0) alloc[c * PARTS]! += leftover[c]!;
  }
  return alloc;
}

/**
 * Stratified split: within each class (in label order), shuffle its rows with one seeded stream
 * and deal them out by that class's allocation, so every part's class proportions match the
 * whole dataset's up to rounding.
 */
export function stratifiedSplit(params: StratifiedSplitParams): SplitAssignment {
  const { rowCount, target, targetName } = params;
  assertRowCount(rowCount);
  const fractions = parseFractions(params.fractions);
  const seed = parseSeed(params.seed);
  assertColumnLength(target, targetName, rowCount);
  const totals = allocateCounts(rowCount, fractions);
  assertPartsNonEmpty(totals, rowCount);
  const encoded = encodeCategories(target, targetName);
  const { codes, labels, counts } = encoded;
  const tooSmall = labels.map((label, c) => ({ label, n: counts[c]! })).filter((x) => x.n < PARTS);
  if (params.sealedValues && (encoded.missingCount > 0 || tooSmall.length > 0)) {
    throw new DomainError(
      'BAD_INPUT',
      `The target '${targetName}' can't be stratified: ${encoded.missingCount > 0 ? 'some rows have no label' : `${tooSmall.length} of its ${labels.length} classes have fewer than 3 rows`}, and a stratified split needs every class in train, dev and test. Labels are sealed, so they are not named here; merge rare classes in the file or use a random split.`,
    );
  }
  assertNoMissing(encoded, targetName, 'a stratified split');
  if (tooSmall.length > 0) {
    tooSmall.sort((a, b) => a.n - b.n || (a.label < b.label ? -1 : 1));
    const first = tooSmall[0]!;
    const others = tooSmall.slice(1, 6).map((x) => `'${x.label}' (${x.n})`);
    const more = tooSmall.length > 6 ? `, and ${tooSmall.length - 6} more` : '';
    const also = others.length > 0 ? ` Also too small: ${others.join(', ')}${more}.` : '';
    throw new DomainError(
      'BAD_INPUT',
      `Class '${first.label}' of '${targetName}' has ${first.n} row${first.n === 1 ? '' : 's'}: a stratified split needs at least 3 rows per class so it appears in train, dev and test.${also} Merge rare classes or use a random split.`,
    );
  }
  const alloc = allocateStrata(counts, fractions, [totals.train, totals.dev, totals.test]);

  // Counting sort of row indices by class keeps memory to two typed arrays.
  const k = labels.length;
  const start = new Uint32Array(k + 1);
  for (let c = 0; c < k; c++) start[c + 1] = start[c]! + counts[c]!;
  const cursor = start.slice(0, k);
  const byClass = new Uint32Array(rowCount);
  for (let i = 0; i < rowCount; i++) byClass[cursor[codes[i]!]!++] = i;

  const random = createRandomSource(seed);
  const assignment = new Uint8Array(rowCount);
  for (let c = 0; c < k; c++) {
    const from = start[c]!;
    const to = start[c + 1]!;
    shuffleInPlace(byClass, random, from, to);
    const devFrom = from + alloc[c * PARTS]!;
    const testFrom = devFrom + alloc[c * PARTS + 1]!;
    for (let j = devFrom; j < testFrom; j++) assignment[byClass[j]!] = 1;
    for (let j = testFrom; j < to; j++) assignment[byClass[j]!] = 2;
  }
  return assignment;
}
