import { DomainError } from '../errors';
import type { SplitData, SplitInputColumn } from './types';

/** A column reduced to category codes: codes index `labels`, −1 = missing. */
export type EncodedCategories = {
  readonly codes: Int32Array;
  /** Distinct labels in code-unit order, so codes never depend on dictionary or row order. */
  readonly labels: readonly string[];
  /** Rows per label, indexed like `labels`. */
  readonly counts: Float64Array;
  readonly missingCount: number;
  /** 0-based index of the first missing row, −1 if none. */
  readonly firstMissingRow: number;
};

export function columnLength(column: SplitInputColumn): number {
  return 'codes' in column ? column.codes.length : column.values.length;
}

/** Looks a column up by name, checking that it exists and has one value per row. */
export function getColumn(data: SplitData, name: string): SplitInputColumn {
  if (!Object.hasOwn(data.columns, name)) {
    const available = Object.keys(data.columns).map((n) => `'${n}'`).join(', ') || 'none';
    throw new DomainError('BAD_INPUT', `Column '${name}' not found (available: ${available}).`);
  }
  const column = data.columns[name]!;
  assertColumnLength(column, name, data.rowCount);
  return column;
}

export function assertColumnLength(column: SplitInputColumn, name: string, rowCount: number): void {
  const length = columnLength(column);
  if (length !== rowCount) {
    throw new DomainError(
      'BAD_INPUT',
      `Column '${name}' has ${length} values but the dataset has ${rowCount} rows.`,
    );
  }
}

// Code-unit comparison, not localeCompare: locale collation differs between machines and
// would make the category order (and therefore the split) machine dependent.
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Turns any column into sorted category codes. Numeric and date values become labels via
 * String(value); dictionary entries that repeat are merged and unused ones dropped, so two
 * encodings of the same data give the same codes.
 */
export function encodeCategories(column: SplitInputColumn, name: string): EncodedCategories {
  const n = columnLength(column);
  const raw = new Int32Array(n);
  let rawLabels: string[];
  if ('codes' in column) {
    rawLabels = [...column.dictionary];
    for (let i = 0; i < n; i++) {
      const code = column.codes[i]!;
      if (code < -1 || code >= rawLabels.length) {
        throw new DomainError(
          'BAD_INPUT',
          `Column '${name}' has dictionary code ${code} at data row ${i + 1}, but its dictionary has ${rawLabels.length} entries.`,
        );
      }
      raw[i] = code;
    }
  } else {
    rawLabels = [];
    const seen = new Map<string | number, number>();
    const isNumeric = column.kind === 'numeric' || column.kind === 'date';
    for (let i = 0; i < n; i++) {
      const v = column.values[i];
      if (v === null || v === undefined || (isNumeric && Number.isNaN(v))) {
        raw[i] = -1;
        continue;
      }
      let code = seen.get(v);
      if (code === undefined) {
        code = rawLabels.length;
        seen.set(v, code);
        rawLabels.push(String(v));
      }
      raw[i] = code;
    }
  }
  // Dictionary entries no row uses are dropped: they are not categories of this data.
  const rawCounts = new Float64Array(rawLabels.length);
  for (let i = 0; i < n; i++) if (raw[i]! >= 0) rawCounts[raw[i]!]!++;
  const labels = [...new Set(rawLabels.filter((_, r) => rawCounts[r]! > 0))].sort(byCodeUnit);
  const position = new Map(labels.map((label, i) => [label, i]));
  const remap = Int32Array.from(rawLabels, (label) => position.get(label) ?? -1);
  const counts = new Float64Array(labels.length);
  let missingCount = 0;
  let firstMissingRow = -1;
  for (let i = 0; i < n; i++) {
    const r = raw[i]!;
    if (r < 0) {
      if (firstMissingRow < 0) firstMissingRow = i;
      missingCount++;
    } else {
      const code = remap[r]!;
      raw[i] = code;
      counts[code]!++;
    }
  }
  return { codes: raw, labels, counts, missingCount, firstMissingRow };
}

/** Rejects missing values for strategies that must place every row by its value. */
export function assertNoMissing(encoded: EncodedCategories, name: string, purpose: string): void {
  if (encoded.missingCount > 0) {
    throw new DomainError(
      'BAD_INPUT',
      `Column '${name}' has ${encoded.missingCount} missing value${encoded.missingCount === 1 ? '' : 's'} (first at data row ${encoded.firstMissingRow + 1}): ${purpose} needs a value on every row.`,
    );
  }
}
