import 'server-only';
import type { DecodedColumn } from '@/server/shared/datasets/column-store';
import type { ColumnOverride } from '@/server/shared/datasets/column-overrides';
import type { ColumnSchema, DatasetSchema } from '@/server/shared/datasets/types';
import { DomainError } from '@/server/shared/errors';

/**
 * Applies the register form's schema fixes to a draft's schema, columns and preview, refusing,
 * naming the column, what cannot be: an unknown column, a name another column has, categories from
 * a column that is not an integer column.
 */
export function applyColumnOverrides(
  schema: DatasetSchema,
  columns: DecodedColumn[],
  preview: { header: string[]; rows: string[][] },
  overrides: ColumnOverride[],
): { schema: DatasetSchema; columns: DecodedColumn[]; preview: { header: string[]; rows: string[][] }; changed: boolean } {
  const byName = new Map(schema.columns.map((c) => [c.name, c]));
  const seen = new Set<string>();
  for (const o of overrides) {
    if (!byName.has(o.column)) throw new DomainError('BAD_INPUT', `columns: the file has no column ${JSON.stringify(o.column)}.`);
    if (seen.has(o.column)) throw new DomainError('BAD_INPUT', `columns: ${JSON.stringify(o.column)} is fixed twice.`);
    seen.add(o.column);
    if (o.as === 'categorical' && byName.get(o.column)!.type !== 'integer') {
      throw new DomainError('BAD_INPUT', `columns: ${JSON.stringify(o.column)} is ${byName.get(o.column)!.type}; only integer columns can be read as categories.`);
    }
  }
  const fix = new Map(overrides.map((o) => [o.column, o]));
  const newName = (name: string) => fix.get(name)?.rename ?? name;
  const names = schema.columns.map((c) => newName(c.name));
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new DomainError('BAD_INPUT', `columns: two columns would be named ${JSON.stringify(duplicate)}; give each its own name.`);
  const changed = overrides.some((o) => (o.rename !== undefined && o.rename !== o.column) || o.as !== undefined);
  if (!changed) return { schema, columns, preview, changed: false };

  const schemaColumns: ColumnSchema[] = schema.columns.map((c) => {
    const o = fix.get(c.name);
    if (o?.as !== 'categorical') return { ...c, name: newName(c.name) };
    const column = columns.find((d) => d.name === c.name)!;
    const { counts, dictionary } = categoriesOf(column);
    return {
      ...c,
      name: newName(c.name),
      type: 'categorical',
      distinctCount: dictionary.length,
      stats: { kind: 'categorical', topValues: dictionary.map((value, i) => ({ value, count: counts[i]! })).sort((a, b) => b.count - a.count).slice(0, 20) },
    };
  });
  const decoded: DecodedColumn[] = columns.map((column) => {
    const o = fix.get(column.name);
    if (o?.as !== 'categorical') return { ...column, name: newName(column.name) };
    const { codes, dictionary } = categoriesOf(column);
    return { name: newName(column.name), type: 'categorical', kind: 'dictionary', codes, dictionary };
  });
  return { schema: { ...schema, columns: schemaColumns }, columns: decoded, preview: { ...preview, header: preview.header.map(newName) }, changed: true };
}

/** An integer column as category codes, the categories in numeric order (2 before 10). */
function categoriesOf(column: DecodedColumn): { codes: Int32Array; dictionary: string[]; counts: number[] } {
  if (column.kind === 'dictionary') throw new Error(`column ${column.name} is already categorical`);
  const distinct = [...new Set(Array.from(column.values).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
  const index = new Map(distinct.map((v, i) => [v, i]));
  const counts = new Array<number>(distinct.length).fill(0);
  const codes = Int32Array.from(column.values, (v) => {
    if (Number.isNaN(v)) return -1;
    const k = index.get(v)!;
    counts[k]!++;
    return k;
  });
  return { codes, dictionary: distinct.map(String), counts };
}
