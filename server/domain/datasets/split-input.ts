import 'server-only';
import type { SplitData, SplitInputColumn } from '../../shared/splits/types';
import type { DecodedColumn } from '../../shared/datasets/column-store';

/** The split logic's view of a stored dataset version's columns (no copies for float64 and codes). */
export function toSplitInputColumn(column: DecodedColumn): SplitInputColumn {
  if (column.kind === 'dictionary') {
    const kind = column.type === 'text' || column.type === 'id' ? 'text' : 'categorical';
    return { kind, codes: column.codes, dictionary: column.dictionary };
  }
  const values = column.kind === 'float64' ? column.values : Float64Array.from(column.values);
  return { kind: column.type === 'datetime' ? 'date' : 'numeric', values };
}

export function toSplitData(rowCount: number, columns: DecodedColumn[], excluded: readonly string[] = []): SplitData {
  const skip = new Set(excluded);
  const result: Record<string, SplitInputColumn> = {};
  for (const column of columns) if (!skip.has(column.name)) result[column.name] = toSplitInputColumn(column);
  return { rowCount, columns: result };
}
