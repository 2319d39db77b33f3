import { DomainError } from '../errors';
import { columnLabel, formatCount } from './ingest-errors';
import type { ColumnSchema, DatasetSchema, TaskKind, TypedColumn } from './types';

/** Integer targets with at most this many values read as class labels (0/1, 1..5 ratings). */
export const SMALL_INTEGER_CLASSES = 20;
export const MAX_CLASSES = 1_000;
/** Free-text columns with at most this many distinct values read as class labels ("spam"/"ham"). */
export const SMALL_TEXT_CLASSES = 50;

/** The task a column naturally supports, or null when it cannot be a target (dates, ids, free text). */
export function suggestTaskKind(column: ColumnSchema): TaskKind | null {
  switch (column.type) {
    case 'boolean':
    case 'categorical':
      return 'classification';
    case 'integer':
      return column.distinctCount <= SMALL_INTEGER_CLASSES ? 'classification' : 'regression';
    case 'numeric':
      return 'regression';
    case 'text':
      return column.distinctCount <= SMALL_TEXT_CLASSES ? 'classification' : null;
    default:
      return null;
  }
}

/**
 * Every reason `targetName` cannot be the target of a `taskKind` task, as user-facing messages;
 * empty when it can. Row numbers are file rows (header = row 1).
 */
export function validateTarget(
  schema: DatasetSchema,
  columns: TypedColumn[],
  targetName: string,
  taskKind: TaskKind,
): string[] {
  const meta = schema.columns.find((c) => c.name === targetName);
  const data = columns.find((c) => c.name === targetName);
  if (meta === undefined || data === undefined) {
    const names = schema.columns.map((c) => c.name).slice(0, 20).join(', ');
    return [`There is no column named ${JSON.stringify(targetName)}; the columns are: ${names}.`];
  }
  const label = `target ${JSON.stringify(targetName)}`;
  const errors: string[] = [];
  if (meta.missingCount > 0) {
    const first = firstMissingIndex(data);
    errors.push(
      `The ${label} is missing in ${formatCount(meta.missingCount)} row${meta.missingCount === 1 ? '' : 's'}, first at row ${first + schema.firstDataRow}; expected a value in every row.`,
    );
  }
  if (taskKind === 'regression') {
    if (meta.type !== 'numeric' && meta.type !== 'integer') {
      errors.push(`Regression needs a numeric target, but the ${label} (${columnLabel(meta.index)}) is ${meta.type}; choose classification or another column.`);
    } else if (meta.distinctCount < 2) {
      errors.push(`The ${label} has the same value in every row; a regression target must vary.`);
    }
    return errors;
  }
  if (meta.type === 'datetime') {
    errors.push(`The ${label} holds dates; classification needs class labels.`);
  } else if (meta.distinctCount < 2) {
    const only = meta.stats.kind === 'categorical' ? meta.stats.topValues[0]?.value : undefined;
    errors.push(
      `The ${label} has only one class${only === undefined ? '' : ` (${JSON.stringify(only)})`}; classification needs at least two.`,
    );
  } else if (meta.type === 'numeric') {
    errors.push(`The ${label} holds decimal numbers (${formatCount(meta.distinctCount)} distinct); did you mean regression?`);
  } else if (meta.distinctCount > MAX_CLASSES) {
    errors.push(
      `The ${label} has ${formatCount(meta.distinctCount)} distinct values; classification supports at most ${formatCount(MAX_CLASSES)} classes.`,
    );
  }
  return errors;
}

/** Throws a BAD_INPUT DomainError listing every problem with the target choice. */
export function assertValidTarget(schema: DatasetSchema, columns: TypedColumn[], targetName: string, taskKind: TaskKind): void {
  const errors = validateTarget(schema, columns, targetName, taskKind);
  if (errors.length > 0) throw new DomainError('BAD_INPUT', errors.join(' '));
}

function firstMissingIndex(column: TypedColumn): number {
  if (column.kind === 'float64') return column.values.findIndex((v) => Number.isNaN(v));
  return column.codes.indexOf(-1);
}
