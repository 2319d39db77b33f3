import { DomainError } from '../errors';
import { assertColumnLength, assertNoMissing, encodeCategories } from './columns';
import { allocateCounts, assertPartsNonEmpty, assertRowCount, parseFractions, parseSeed } from './fractions';
import { createRandomSource, shuffledIndices } from './random-source';
import { PART_NAMES, type Fractions, type SplitAssignment, type SplitInputColumn } from './types';

export type GroupedSplitParams = {
  readonly rowCount: number;
  readonly group: SplitInputColumn;
  readonly groupName: string;
  readonly fractions: Fractions;
  readonly seed: number;
};

/**
 * Part (0, 1, 2) for each group: groups in seeded shuffled order each go to the part furthest
 * below its target row count, measured relative to that target so a 1% part fills as readily
 * as a 98% one. A part left empty then takes the smallest group of the part holding the most
 * groups, which keeps the guarantee that every part has rows whenever there are 3+ groups.
 */
export function allocateGroups(groupSizes: Float64Array, targets: readonly number[], order: Uint32Array): Uint8Array {
  const partOf = new Uint8Array(groupSizes.length);
  const filled = [0, 0, 0];
  const groupsIn = [0, 0, 0];
  for (let k = 0; k < order.length; k++) {
    const g = order[k]!;
    let best = 0;
    let bestNeed = -Infinity;
    for (let p = 0; p < 3; p++) {
      const need = (targets[p]! - filled[p]!) / targets[p]!;
      if (need > bestNeed) {
        best = p;
        bestNeed = need;
      }
    }
    partOf[g] = best;
    filled[best]! += groupSizes[g]!;
    groupsIn[best]!++;
  }
  for (let p = 0; p < 3; p++) {
    if (groupsIn[p]! > 0) continue;
    let donor = -1;
    for (let q = 0; q < 3; q++) if (groupsIn[q]! > 1 && (donor < 0 || groupsIn[q]! > groupsIn[donor]!)) donor = q;
    if (donor < 0) break;
    let smallest = -1;
    for (let k = 0; k < order.length; k++) {
      const g = order[k]!;
      if (partOf[g] === donor && (smallest < 0 || groupSizes[g]! < groupSizes[smallest]!)) smallest = g;
    }
    partOf[smallest] = p;
    groupsIn[donor]!--;
    groupsIn[p]!++;
  }
  return partOf;
}

/**
 * Grouped split: all rows sharing a value of the group column (a patient, a user, a session)
 * land in one part, so no group leaks between train and dev/test. Part sizes follow the
 * fractions only as closely as the group sizes allow.
 */
export function groupedSplit(params: GroupedSplitParams): SplitAssignment {
  const { rowCount, group, groupName } = params;
  assertRowCount(rowCount);
  const fractions = parseFractions(params.fractions);
  const seed = parseSeed(params.seed);
  assertColumnLength(group, groupName, rowCount);
  const encoded = encodeCategories(group, groupName);
  assertNoMissing(encoded, groupName, 'a grouped split');
  const { codes, labels, counts } = encoded;
  if (labels.length === 1) {
    throw new DomainError(
      'BAD_INPUT',
      `Column '${groupName}' has only one group ('${labels[0]}', all ${rowCount} rows): a grouped split needs at least 3 groups, one per part.`,
    );
  }
  if (labels.length < PART_NAMES.length) {
    throw new DomainError(
      'BAD_INPUT',
      `Column '${groupName}' has only ${labels.length} groups: a grouped split needs at least 3, one for each of train, dev and test.`,
    );
  }
  const targets = allocateCounts(rowCount, fractions);
  assertPartsNonEmpty(targets, rowCount);
  const order = shuffledIndices(labels.length, createRandomSource(seed));
  const partOf = allocateGroups(counts, [targets.train, targets.dev, targets.test], order);
  const assignment = new Uint8Array(rowCount);
  for (let i = 0; i < rowCount; i++) assignment[i] = partOf[codes[i]!]!;
  return assignment;
}
