import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { datasetVersions, splits } from '@/db/schema';
import type { BlobStore } from '@/server/shared/storage/blob-store';
import type { FittedPreprocessing, Table } from '@/server/shared/tabular';
import { decodeColumnStore, type DecodedColumn } from '../datasets/column-store';
import { decodeManifest, rowsWhere } from '../splits/manifest';

const TEST_PART = 2;

/**
 * The test rows of a split, in row order. Features and labels come out through two separate
 * functions so that the trainer child can be handed `features` without the labels ever being
 * decoded next to them; labels are read only by the server-side scorer.
 */
export interface TestRows {
  rows: Uint32Array;
  columns: DecodedColumn[];
  targetColumn: string;
}

export async function loadTestRows(db: Database, blobs: BlobStore, run: { splitId: string; datasetVersionId: string }): Promise<TestRows> {
  const [version] = await db
    .select({ columnarBlobKey: datasetVersions.columnarBlobKey, targetColumn: datasetVersions.targetColumn })
    .from(datasetVersions)
    .where(eq(datasetVersions.id, run.datasetVersionId));
  const [split] = await db.select({ manifestBlobKey: splits.manifestBlobKey }).from(splits).where(eq(splits.id, run.splitId));
  if (!version || !split) throw new Error('the run’s dataset version or split no longer exists');
  const [store, manifestBytes] = await Promise.all([blobs.getBuffer(version.columnarBlobKey), blobs.getBuffer(split.manifestBlobKey)]);
  const { rowCount, columns } = decodeColumnStore(store);
  const { assignment } = decodeManifest(manifestBytes);
  if (assignment.length !== rowCount) throw new Error(`the split has ${assignment.length} rows but the dataset version has ${rowCount}`);
  return { rows: rowsWhere(assignment, (part) => part === TEST_PART), columns, targetColumn: version.targetColumn };
}

/**
 * Test FEATURES only: exactly the columns the run's preprocessing was fitted on (so the same
 * columns training used, by construction), never the target.
 */
export function testFeatures(test: TestRows, fitted: FittedPreprocessing): Table {
  const byName = new Map(test.columns.map((c) => [c.name, c]));
  const columns: Table['columns'] = [];
  for (const f of fitted.columns) {
    if (f.name === test.targetColumn) throw new Error(`the run’s preprocessing uses the target column "${f.name}" as a feature`);
    const column = byName.get(f.name);
    if (!column) throw new Error(`the feature column "${f.name}" is missing from the stored data`);
    columns.push(pick(column, test.rows));
  }
  return { rowCount: test.rows.length, columns };
}

/** Sealed labels as class names (classification), the way training names its classes. */
export function sealedTestLabels(test: TestRows): string[] {
  const target = targetOf(test);
  if (target.kind === 'dictionary') return Array.from(test.rows, (row) => target.dictionary[target.codes[row]!] ?? '');
  return Array.from(test.rows, (row) => String(target.values[row]));
}

/** Sealed numeric targets (regression). */
export function sealedTestValues(test: TestRows): Float64Array {
  const target = targetOf(test);
  if (target.kind === 'dictionary') throw new Error(`the regression target "${target.name}" is not numeric`);
  return Float64Array.from(test.rows, (row) => target.values[row]!);
}

function targetOf(test: TestRows): DecodedColumn {
  const target = test.columns.find((c) => c.name === test.targetColumn);
  if (!target) throw new Error(`the target column "${test.targetColumn}" is missing from the stored data`);
  return target;
}

// Same encoding as training-data.ts: dictionary columns are categorical, the rest numeric.
function pick(column: DecodedColumn, rows: Uint32Array): Table['columns'][number] {
  if (column.kind === 'dictionary') {
    return { name: column.name, kind: 'categorical', values: Array.from(rows, (row) => (column.codes[row]! < 0 ? null : column.dictionary[column.codes[row]!]!)) };
  }
  const values = new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i++) values[i] = column.values[rows[i]!]!;
  return { name: column.name, kind: 'numeric', values };
}
