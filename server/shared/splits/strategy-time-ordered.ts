import { DomainError } from '../errors';
import { assertColumnLength } from './columns';
import { allocateCounts, assertPartsNonEmpty, assertRowCount, parseFractions } from './fractions';
import type { Fractions, SplitAssignment, SplitInputColumn } from './types';

export type TimeOrderedSplitParams = {
  readonly rowCount: number;
  readonly date: SplitInputColumn;
  readonly dateName: string;
  readonly fractions: Fractions;
};

/**
 * Time-ordered split: the earliest rows train, the next dev, the latest test, so dev and test
 * measure how a model does on the future it will actually face. No seed: the order is the data's.
 * Rows with the same timestamp are ordered by row index, so a boundary may fall inside one
 * instant; that is deterministic and affects at most the rows sharing the boundary timestamp.
 */
export function timeOrderedSplit(params: TimeOrderedSplitParams): SplitAssignment {
  const { rowCount, date, dateName } = params;
  assertRowCount(rowCount);
  const fractions = parseFractions(params.fractions);
  assertColumnLength(date, dateName, rowCount);
  if (date.kind !== 'date' && date.kind !== 'numeric') {
    throw new DomainError('BAD_INPUT', `Column '${dateName}' is ${date.kind}, not a date: a time-ordered split needs a date column.`);
  }
  const values = date.values;
  let bad = 0;
  let firstBad = -1;
  for (let i = 0; i < rowCount; i++) {
    if (!Number.isFinite(values[i]!)) {
      if (firstBad < 0) firstBad = i;
      bad++;
    }
  }
  if (bad > 0) {
    throw new DomainError(
      'BAD_INPUT',
      `Column '${dateName}' has ${bad} unparseable or missing date${bad === 1 ? '' : 's'} (first at data row ${firstBad + 1}): a time-ordered split needs a date on every row.`,
    );
  }
  const counts = allocateCounts(rowCount, fractions);
  assertPartsNonEmpty(counts, rowCount);
  const order = new Uint32Array(rowCount);
  for (let i = 0; i < rowCount; i++) order[i] = i;
  order.sort((a, b) => values[a]! - values[b]! || a - b);
  const assignment = new Uint8Array(rowCount);
  const devEnd = counts.train + counts.dev;
  for (let k = counts.train; k < devEnd; k++) assignment[order[k]!] = 1;
  for (let k = devEnd; k < rowCount; k++) assignment[order[k]!] = 2;
  return assignment;
}
