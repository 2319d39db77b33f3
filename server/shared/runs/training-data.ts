import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { datasetVersions, splits } from '@/db/schema';
import type { BlobStore } from '@/server/shared/storage/blob-store';
import type { Column, SplitPart, Table } from '@/server/shared/tabular';
import { decodeColumnStore, type DecodedColumn } from '../datasets/column-store';
import { decodeManifest, rowsWhere } from '../splits/manifest';

export interface TrainingData {
  taskKind: 'classification' | 'regression';
  /** Class names in index order (from train and dev rows only: test labels stay sealed). */
  classes: string[];
  train: SplitPart;
  dev: SplitPart;
  /** Feature columns left out, with why (ids and free text are not features). */
  skipped: { column: string; reason: string }[];
  /** Dev row indices into the dataset version, in the order predictions come back. */
  devRows: Uint32Array;
}

const PART = { train: 0, dev: 1, test: 2 } as const;

/**
 * The columns a model may learn from: everything but the target, the excluded columns, ids and
 * free text. The trainer and the split downloads of the HTTP API both take them from here, so a
 * script elsewhere sees exactly the features Holdout's trainer sees.
 */
export function featureColumns(version: { targetColumn: string; excludedColumns: unknown }, columns: DecodedColumn[]): { features: DecodedColumn[]; skipped: TrainingData['skipped'] } {
  const excluded = new Set(version.excludedColumns as string[]);
  const skipped: TrainingData['skipped'] = [];
  const features: DecodedColumn[] = [];
  for (const column of columns) {
    if (column.name === version.targetColumn || excluded.has(column.name)) continue;
    if (column.type === 'id' || column.type === 'text') {
      skipped.push({ column: column.name, reason: column.type === 'id' ? 'an id column (unique per row) carries no signal' : 'free text is not supported as a feature yet' });
      continue;
    }
    features.push(column);
  }
  if (features.length === 0) throw new Error('No usable feature columns: every column is the target, excluded, an id or free text.');
  return { features, skipped };
}

export async function loadTrainingData(db: Database, blobs: BlobStore, run: { splitId: string; datasetVersionId: string }): Promise<TrainingData> {
  const [version] = await db.select().from(datasetVersions).where(eq(datasetVersions.id, run.datasetVersionId));
  const [split] = await db.select().from(splits).where(eq(splits.id, run.splitId));
  if (!version || !split) throw new Error('The run’s dataset version or split no longer exists.');
  const [store, manifestBytes] = await Promise.all([blobs.getBuffer(version.columnarBlobKey), blobs.getBuffer(split.manifestBlobKey)]);
  const { rowCount, columns } = decodeColumnStore(store);
  const { assignment } = decodeManifest(manifestBytes);
  if (assignment.length !== rowCount) throw new Error(`The split has ${assignment.length} rows but the dataset version has ${rowCount}.`);
  const trainRows = rowsWhere(assignment, (part) => part === PART.train);
  const devRows = rowsWhere(assignment, (part) => part === PART.dev);

  const { features, skipped } = featureColumns(version, columns);
  const target = columns.find((c) => c.name === version.targetColumn);
  if (!target) throw new Error(`The target column "${version.targetColumn}" is missing from the stored data.`);

  const table = (rows: Uint32Array): Table => ({ rowCount: rows.length, columns: features.map((c) => pick(c, rows)) });
  if (version.taskKind === 'regression') {
    return {
      taskKind: 'regression',
      classes: [],
      train: { features: table(trainRows), target: numericTarget(target, trainRows) },
      dev: { features: table(devRows), target: numericTarget(target, devRows) },
      skipped,
      devRows,
    };
  }
  const labelOf = labeler(target);
  const classes = sortLabels([...new Set([...trainRows, ...devRows].map((row) => labelOf(row)))]);
  const index = new Map(classes.map((c, i) => [c, i]));
  const encode = (rows: Uint32Array) => Int32Array.from(rows, (row) => index.get(labelOf(row))!);
  return {
    taskKind: 'classification',
    classes,
    train: { features: table(trainRows), target: encode(trainRows) },
    dev: { features: table(devRows), target: encode(devRows) },
    skipped,
    devRows,
  };
}

function pick(column: DecodedColumn, rows: Uint32Array): Column {
  if (column.kind === 'dictionary') {
    const values = Array.from(rows, (row) => {
      const code = column.codes[row]!;
      return code < 0 ? null : column.dictionary[code]!;
    });
    return { name: column.name, kind: 'categorical', values };
  }
  const values = new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i++) values[i] = column.values[rows[i]!]!;
  return { name: column.name, kind: 'numeric', values };
}

function numericTarget(column: DecodedColumn, rows: Uint32Array): Float64Array {
  if (column.kind === 'dictionary') throw new Error(`The regression target "${column.name}" is not numeric.`);
  return Float64Array.from(rows, (row) => column.values[row]!);
}

function labeler(column: DecodedColumn): (row: number) => string {
  if (column.kind === 'dictionary') return (row) => column.dictionary[column.codes[row]!] ?? '';
  return (row) => String(column.values[row]);
}

/** Numeric labels in numeric order (2 before 10), others alphabetically. */
function sortLabels(labels: string[]): string[] {
  const numeric = labels.every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  return numeric ? labels.sort((a, b) => Number(a) - Number(b)) : labels.sort();
}
