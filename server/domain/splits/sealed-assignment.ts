import 'server-only';
import { DomainError } from '../../shared/errors';
import { assignSplit, type SplitDefinition } from '../../shared/splits/assign-split';
import { encodeCategories, getColumn } from '../../shared/splits/columns';
import { rowsWhere, sha256Hex } from '../../shared/splits/manifest';
import { explicitSplit } from '../../shared/splits/strategy-explicit';
import { PART_CODES, type SplitAssignment, type SplitData, type SplitInputColumn } from '../../shared/splits/types';

/**
 * A dataset version's sealed set is fixed by its first frozen split: those test rows stay test in
 * every later split of the version. Were a later split free to put one of them in train or dev,
 * its label would show up in dev results (disagreements, class lists, confusion matrices) and
 * the test set would no longer be unseen; and a split with the same test rows under a new id
 * would come with a fresh test budget. So a later split keeps the test part as it is and divides
 * only the other rows between train and dev.
 */

/** Sealed row indices of a manifest (its test part), ascending. */
export function sealedRowsOf(assignment: SplitAssignment): Uint32Array {
  return rowsWhere(assignment, (part) => part === PART_CODES.test);
}

/** SHA-256 of the sealed row indices as uint32 little-endian: identical for identical test rows. */
export function hashSealedRows(rows: Uint32Array): string {
  const bytes = new Uint8Array(rows.length * 4);
  const view = new DataView(bytes.buffer);
  rows.forEach((row, i) => view.setUint32(i * 4, row, true));
  return sha256Hex(bytes);
}

/**
 * Assigns a later split of a sealed version: sealed rows are test, the strategy divides the rest
 * between train and dev. Fraction strategies get the train and dev fractions renormalised over
 * the unsealed rows (the definition's test fraction cannot change what is already fixed); the
 * strategy itself runs with dev cut in two halves that are merged back, so its rules (exact
 * counts, every class in every part, whole groups, time order with dev after train) apply
 * unchanged. An explicit mapping covers the unsealed rows and may send none of them to test.
 */
export function assignWithinSeal(definition: SplitDefinition, data: SplitData, sealedAssignment: SplitAssignment, targetColumn?: string): SplitAssignment {
  if (sealedAssignment.length !== data.rowCount) {
    throw new Error(`The sealed set covers ${sealedAssignment.length} rows but the dataset version has ${data.rowCount}.`);
  }
  const open = rowsWhere(sealedAssignment, (part) => part !== PART_CODES.test);
  if (open.length < 2) throw new DomainError('BAD_INPUT', `Only ${open.length} row${open.length === 1 ? ' is' : 's are'} outside the sealed test set: train and dev need at least one row each.`);
  const restricted = restrictSplitData(data, open);
  let inner: SplitAssignment;
  if (definition.strategy === 'explicit') {
    const moved = rowsMapped(definition, data, sealedRowsOf(sealedAssignment), (part) => part !== 'test');
    if (moved.rows > 0) {
      throw new DomainError(
        'BAD_INPUT',
        `The mapping sends ${moved.rows} of this version's sealed test rows to train or dev (values ${moved.values.join(', ')}). Its test rows are fixed by its first split: map those values to test, or leave them out of the mapping.`,
      );
    }
    const added = rowsMapped(definition, data, open, (part) => part === 'test');
    if (added.rows > 0) {
      throw new DomainError(
        'BAD_INPUT',
        `The mapping sends ${added.rows} row${added.rows === 1 ? '' : 's'} outside the sealed test set to test (values ${added.values.join(', ')}). This version's test rows are fixed; map those values to train or dev.`,
      );
    }
    inner = explicitSplit({ rowCount: open.length, column: getColumn(restricted, definition.column), columnName: definition.column, mapping: definition.mapping, allowEmptyTest: true });
  } else {
    const { train, dev } = definition.fractions;
    const share = dev / (train + dev);
    const fractions = { train: 1 - share, dev: share / 2, test: share / 2 };
    inner = assignSplit({ ...definition, fractions }, restricted, targetColumn).map((part) => (part === PART_CODES.test ? PART_CODES.dev : part));
  }
  const assignment = new Uint8Array(data.rowCount).fill(PART_CODES.test);
  open.forEach((row, j) => (assignment[row] = inner[j]!));
  return assignment;
}

/** The same columns, holding only `rows` (in that order). */
export function restrictSplitData(data: SplitData, rows: Uint32Array): SplitData {
  const columns: Record<string, SplitInputColumn> = {};
  for (const [name, column] of Object.entries(data.columns)) {
    if (column.kind === 'numeric' || column.kind === 'date') columns[name] = { kind: column.kind, values: Float64Array.from(rows, (r) => column.values[r]!) };
    else if ('codes' in column) columns[name] = { kind: column.kind, codes: Int32Array.from(rows, (r) => column.codes[r]!), dictionary: column.dictionary };
    else columns[name] = { kind: column.kind, values: Array.from(rows, (r) => column.values[r]) };
  }
  return { rowCount: rows.length, columns };
}

/** Among `rows`, those whose value of the mapping's column is mapped to a part `matches` accepts. */
function rowsMapped(definition: Extract<SplitDefinition, { strategy: 'explicit' }>, data: SplitData, rows: Uint32Array, matches: (part: string) => boolean): { rows: number; values: string[] } {
  const column = getColumn(data, definition.column);
  const encoded = encodeCategories(getColumn(restrictSplitData({ rowCount: data.rowCount, columns: { [definition.column]: column } }, rows), definition.column), definition.column);
  let count = 0;
  const values = new Set<string>();
  encoded.codes.forEach((code) => {
    const value = code < 0 ? '(missing)' : encoded.labels[code]!;
    const part = Object.hasOwn(definition.mapping, value) ? definition.mapping[value] : undefined;
    if (part !== undefined && matches(part)) {
      count++;
      values.add(`'${value}'`);
    }
  });
  return { rows: count, values: [...values].slice(0, 10) };
}
