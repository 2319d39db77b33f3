import type {
  FittedColumn,
  FittedPreprocessing,
  PreprocessingSpec,
  Table,
  TargetValues,
} from '../../server/shared/tabular';
import type { TaskKind } from '../../server/shared/runs/model-config';

/**
 * Preprocessing fitted on the train part only and applied unchanged to dev and test, so that no
 * statistic of the dev or test rows leaks into training. Plain typed arrays, no tfjs: the fitted
 * state is JSON and is stored with the run to score test features later.
 */
export class DataError extends Error {
  override name = 'DataError';
}

const UNKNOWN = '(unknown)';

function isMissingCategory(value: string | null): value is null {
  return value === null || value === '';
}

function fitColumn(column: Table['columns'][number], spec: PreprocessingSpec): FittedColumn {
  if (column.kind === 'numeric') {
    let sum = 0;
    let count = 0;
    for (const v of column.values) if (!Number.isNaN(v)) {
      if (!Number.isFinite(v)) throw new DataError(`column "${column.name}" contains an infinite value in train`);
      sum += v;
      count += 1;
    }
    const mean = count === 0 ? 0 : sum / count;
    let squares = 0;
    for (const v of column.values) if (!Number.isNaN(v)) squares += (v - mean) ** 2;
    const std = count === 0 ? 0 : Math.sqrt(squares / count);
    return {
      kind: 'numeric',
      name: column.name,
      mean,
      // A constant column would divide by zero; leave it centred at 0 instead.
      scale: spec.standardize && std > 1e-12 ? std : 1,
      indicator: spec.missingIndicators && count < column.values.length,
    };
  }
  const counts = new Map<string, number>();
  let missing = 0;
  for (const v of column.values) {
    if (isMissingCategory(v)) missing += 1;
    else counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  // Most frequent first, ties by name, so the one-hot layout is deterministic.
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return {
    kind: 'categorical',
    name: column.name,
    categories: ranked.slice(0, spec.maxCategories).map(([value]) => value),
    mode: ranked[0]?.[0] ?? UNKNOWN,
    indicator: spec.missingIndicators && missing > 0,
  };
}

function featureNamesOf(columns: FittedColumn[]): string[] {
  const names: string[] = [];
  for (const c of columns) {
    if (c.kind === 'numeric') names.push(c.name);
    else names.push(...c.categories.map((v) => `${c.name}=${v}`), `${c.name}=${UNKNOWN}`);
    if (c.indicator) names.push(`${c.name} is missing`);
  }
  return names;
}

export function fitPreprocessing(
  train: Table,
  target: TargetValues,
  taskKind: TaskKind,
  classes: string[],
  spec: PreprocessingSpec,
): FittedPreprocessing {
  if (train.rowCount === 0) throw new DataError('the train split has no rows');
  const columns = train.columns.map((column) => fitColumn(column, spec));
  let targetState: FittedPreprocessing['target'];
  if (taskKind === 'classification') {
    targetState = { kind: 'classification', classes };
  } else {
    let sum = 0;
    for (const v of target) sum += v;
    const mean = sum / target.length;
    let squares = 0;
    for (const v of target) squares += (v - mean) ** 2;
    const std = Math.sqrt(squares / target.length);
    targetState = { kind: 'regression', mean, scale: std > 1e-12 ? std : 1 };
  }
  return { version: 1, spec, columns, featureNames: featureNamesOf(columns), target: targetState };
}

/** Row-major rows × featureNames.length matrix for the model. */
export function transformFeatures(fitted: FittedPreprocessing, table: Table): Float32Array {
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const width = fitted.featureNames.length;
  const out = new Float32Array(table.rowCount * width);
  let offset = 0;
  for (const f of fitted.columns) {
    const column = byName.get(f.name);
    if (!column) throw new DataError(`column "${f.name}" is missing from the data`);
    if (column.kind !== f.kind) {
      throw new DataError(`column "${f.name}" is ${column.kind} here but was ${f.kind} in train`);
    }
    if (f.kind === 'numeric' && column.kind === 'numeric') {
      for (let r = 0; r < table.rowCount; r++) {
        const v = column.values[r]!;
        const missing = Number.isNaN(v);
        out[r * width + offset] = ((missing ? f.mean : v) - f.mean) / f.scale;
        if (f.indicator) out[r * width + offset + 1] = missing ? 1 : 0;
      }
      offset += f.indicator ? 2 : 1;
    } else if (f.kind === 'categorical' && column.kind === 'categorical') {
      const slot = new Map(f.categories.map((value, i) => [value, i]));
      const unknownSlot = f.categories.length;
      for (let r = 0; r < table.rowCount; r++) {
        const raw = column.values[r]!;
        const missing = isMissingCategory(raw);
        const value = missing ? f.mode : raw;
        out[r * width + offset + (slot.get(value) ?? unknownSlot)] = 1;
        if (f.indicator) out[r * width + offset + unknownSlot + 1] = missing ? 1 : 0;
      }
      offset += unknownSlot + 1 + (f.indicator ? 1 : 0);
    }
  }
  return out;
}

/** Regression targets in model units (standardised on train); classification indices unchanged. */
export function transformTarget(fitted: FittedPreprocessing, target: TargetValues): Float32Array | Int32Array {
  if (fitted.target.kind === 'classification') {
    const k = fitted.target.classes.length;
    target.forEach((v, i) => {
      if (!(Number.isInteger(v) && v >= 0 && v < k)) {
        throw new DataError(`row ${i + 1} has class index ${v}, but there are ${k} classes`);
      }
    });
    return target instanceof Int32Array ? target : Int32Array.from(target);
  }
  const { mean, scale } = fitted.target;
  const out = new Float32Array(target.length);
  target.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new DataError(`row ${i + 1} has a missing or infinite target`);
    out[i] = (v - mean) / scale;
  });
  return out;
}

/** Model outputs back to the target's own units. */
export function inverseTransformTarget(fitted: FittedPreprocessing, values: ArrayLike<number>): Float64Array {
  if (fitted.target.kind !== 'regression') throw new Error('only regression targets are scaled');
  const { mean, scale } = fitted.target;
  return Float64Array.from(values, (v) => v * scale + mean);
}
