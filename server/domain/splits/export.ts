import 'server-only';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { datasetVersions, splits } from '@/db/schema';
import { DomainError } from '@/server/shared/errors';
import type { BlobStore } from '@/server/shared/storage/blob-store';
import { decodeColumnStore, type DecodedColumn } from '@/server/shared/datasets/column-store';
import { featureColumns } from '@/server/shared/runs/training-data';
import { decodeManifest, rowsWhere } from '@/server/shared/splits/manifest';

/**
 * A split's rows for scripts that train elsewhere: train and dev with their labels, test with its
 * features only. The test part never reads the target column at all, so no label can reach the
 * file, whatever the format. Rows come in ascending dataset row order, with that row index as the
 * first column: predictions are sent back in this order.
 */
export const SPLIT_PARTS = ['train', 'dev', 'test'] as const;
export type SplitPartName = (typeof SPLIT_PARTS)[number];
export const EXPORT_FORMATS = ['csv', 'arrow'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const PART_CODE: Record<SplitPartName, number> = { train: 0, dev: 1, test: 2 };

export interface SplitExport {
  body: Buffer;
  contentType: string;
  fileName: string;
  rows: number;
}

export async function exportSplitPart(db: Database, blobs: BlobStore, teamId: string, splitId: string, part: SplitPartName, format: ExportFormat): Promise<SplitExport> {
  const [row] = await db
    .select({
      name: splits.name,
      manifestBlobKey: splits.manifestBlobKey,
      columnarBlobKey: datasetVersions.columnarBlobKey,
      targetColumn: datasetVersions.targetColumn,
      excludedColumns: datasetVersions.excludedColumns,
      taskKind: datasetVersions.taskKind,
    })
    .from(splits)
    .innerJoin(datasetVersions, eq(datasetVersions.id, splits.datasetVersionId))
    .where(and(eq(splits.id, splitId), eq(splits.teamId, teamId)));
  if (!row) throw new DomainError('NOT_FOUND', 'splitId: No split with this id in this team.');
  const [store, manifest] = await Promise.all([blobs.getBuffer(row.columnarBlobKey), blobs.getBuffer(row.manifestBlobKey)]);
  const { columns } = decodeColumnStore(store);
  const { assignment } = decodeManifest(manifest);
  const rows = rowsWhere(assignment, (p) => p === PART_CODE[part]);
  const { features } = featureColumns(row, columns);
  // The label travels with train and dev only; for test the target column is never looked up.
  const label = part === 'test' ? null : columns.find((c) => c.name === row.targetColumn) ?? null;
  if (part !== 'test' && !label) throw new Error(`the target column "${row.targetColumn}" is missing from the stored data`);
  const output = label ? [...features, label] : features;
  const indexName = output.some((c) => c.name === 'row') ? '_row' : 'row';
  const base = `${slug(row.name)}-${part}`;

  if (format === 'arrow') {
    const arrays: Record<string, Float64Array | Float32Array | Int32Array | (string | null)[]> = { [indexName]: Int32Array.from(rows) };
    for (const column of output) arrays[column.name] = valuesOf(column, rows, column === label && row.taskKind === 'classification');
    const table = tableFromArrays(arrays as Parameters<typeof tableFromArrays>[0]);
    return { body: Buffer.from(tableToIPC(table, 'file')), contentType: 'application/vnd.apache.arrow.file', fileName: `${base}.arrow`, rows: rows.length };
  }
  const lines = [[indexName, ...output.map((c) => c.name)].map(csvField).join(',')];
  const cells = output.map((c) => valuesOf(c, rows, c === label && row.taskKind === 'classification'));
  for (let i = 0; i < rows.length; i++) {
    const line = [String(rows[i])];
    for (const values of cells) {
      const v = values[i];
      line.push(v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? '' : csvField(String(v)));
    }
    lines.push(line.join(','));
  }
  return { body: Buffer.from(lines.join('\n') + '\n', 'utf8'), contentType: 'text/csv; charset=utf-8', fileName: `${base}.csv`, rows: rows.length };
}

/** A column's values on `rows`: dictionary columns (and class labels) as text, numbers as float64. */
function valuesOf(column: DecodedColumn, rows: Uint32Array, asText: boolean): Float64Array | (string | null)[] {
  if (column.kind === 'dictionary') return Array.from(rows, (r) => (column.codes[r]! < 0 ? null : column.dictionary[column.codes[r]!]!));
  if (asText) return Array.from(rows, (r) => (Number.isNaN(column.values[r]!) ? null : String(column.values[r])));
  return Float64Array.from(rows, (r) => column.values[r]!);
}

/** RFC 4180: quoted when it holds a comma, quote or line break. Values are left as they are (a file for scripts, not a spreadsheet). */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'split';
}
