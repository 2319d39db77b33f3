import type { DatasetVersionDetail, SplitDetail } from '@/app/lib/router-types';

/** The trainer's defaults (server/shared/tabular.ts): top 50 categories plus "unknown". */
const MAX_CATEGORIES = 50;

/**
 * The network's input and output widths as the trainer will build them, estimated from the
 * dataset's column profile and the split's train labels, for a live parameter count before launch.
 * It mirrors the trainer's preprocessing: one input per numeric column, one-hot categories with an
 * "unknown" slot, and a missing-value indicator where a column has gaps.
 */
export function estimateModelShape(version: DatasetVersionDetail, split: SplitDetail): { inputDim: number; outputDim: number } {
  const excluded = new Set(version.excludedColumns as string[]);
  let inputDim = 0;
  for (const column of version.schema.columns) {
    if (column.name === version.targetColumn || excluded.has(column.name)) continue;
    if (column.type === 'id' || column.type === 'text') continue;
    const categorical = column.type === 'categorical' || column.type === 'boolean';
    inputDim += categorical ? Math.min(column.distinctCount, MAX_CATEGORIES) + 1 : 1;
    if (column.missingCount > 0) inputDim += 1;
  }
  if (split.taskKind === 'regression') return { inputDim, outputDim: 1 };
  const train = split.guidance.parts.find((p) => p.part === 'train');
  const classes = (train?.labels ?? []).filter((l) => l.label !== '(missing)' && l.count > 0).length;
  return { inputDim, outputDim: Math.max(classes, 2) };
}
