/** Public shapes of the dataset ingest pipeline. The caller stores these; nothing here touches a database. */

export type Delimiter = ',' | ';' | '\t';

export const COLUMN_TYPES = ['numeric', 'integer', 'boolean', 'categorical', 'datetime', 'text', 'id'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export type TaskKind = 'classification' | 'regression';

export interface Histogram {
  /** `counts.length + 1` edges; the last bin is closed on the right. */
  binEdges: number[];
  counts: number[];
}

export interface ValueCount {
  value: string;
  count: number;
}

export type ColumnStats =
  | { kind: 'numeric'; min: number; max: number; mean: number; std: number; histogram: Histogram }
  /** Epoch milliseconds (UTC; values without an offset are read as UTC). */
  | { kind: 'datetime'; min: number; max: number; histogram: Histogram }
  | { kind: 'categorical'; topValues: ValueCount[] }
  | { kind: 'text'; meanLength: number; maxLength: number; topValues: ValueCount[] }
  /** The target of a dataset version before its seal is fixed: nothing about its values is shown. */
  | { kind: 'hidden'; reason: string };

export interface ColumnSchema {
  name: string;
  /** 0-based position in the file. */
  index: number;
  type: ColumnType;
  missingCount: number;
  /** Distinct non-missing values. */
  distinctCount: number;
  /** False only for float/datetime columns with over 65,536 distinct values: then a ~1% estimate. */
  distinctCountExact: boolean;
  /** Cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR prefixes); kept as text. */
  formulaLikeCount: number;
  stats: ColumnStats;
  /** Which rows the statistics cover when not all of them (the target: rows outside the sealed test set). */
  statsNote?: string;
  /** How many rows they cover then. */
  statsRows?: number;
}

export interface DatasetSchema {
  columns: ColumnSchema[];
  rowCount: number;
  hasHeader: boolean;
  /** File row number (1-based, header = row 1) of the first data row: 2 with a header, 1 without. */
  firstDataRow: number;
}

/**
 * A column in training-ready form. Numbers, integers and datetimes are Float64 with NaN for a missing
 * value; strings, categories and booleans are Int32 codes into `dictionary` with -1 for a missing value
 * (booleans use a two-word dictionary [false side, true side] in the file's own words, e.g. ['no', 'yes'],
 * so the code is the value).
 */
export type TypedColumn =
  | { name: string; type: ColumnType; kind: 'float64'; values: Float64Array }
  | { name: string; type: ColumnType; kind: 'dictionary'; codes: Int32Array; dictionary: string[] };

export interface IngestLimits {
  maxColumns: number;
  /** Characters in one field. */
  maxFieldChars: number;
  /** Characters in one row. */
  maxRowChars: number;
  maxHeaderNameChars: number;
  previewRows: number;
}

export interface IngestOptions {
  /** Shown to users only, after sanitizing; never used as a path. */
  fileName: string;
  maxBytes: number;
  limits?: Partial<IngestLimits>;
}

export interface IngestResult {
  /** Sanitized base name for display. */
  displayName: string;
  schema: DatasetSchema;
  /** Raw strings exactly as in the file (formula-like cells included: escape them on export). */
  preview: { header: string[]; rows: string[][] };
  rowCount: number;
  sha256: string;
  byteSize: number;
  delimiter: Delimiter;
  warnings: string[];
  columns: TypedColumn[];
}
