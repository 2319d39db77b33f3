import type { SplitGuidance } from '../splits/guidance';
import type { ColumnSchema, DatasetSchema } from './types';

/**
 * Test labels are sealed: no response, to any role, contains the label of a test row. A
 * dataset version exists before (and independently of) its splits, so any row may become a
 * test row: a version's outward view never shows target values per row (preview) or by name
 * (top values), and a split's guidance names only classes that occur in train or dev.
 */
export const SEALED_CELL = '•••';
export const UNSEEN_CLASSES_LABEL = '(classes that occur only in test)';

export function sealSchema(schema: DatasetSchema, targetColumn: string): DatasetSchema {
  return { ...schema, columns: schema.columns.map((column) => (column.name === targetColumn ? sealColumn(column) : column)) };
}

function sealColumn(column: ColumnSchema): ColumnSchema {
  const stats = column.stats;
  if (stats.kind === 'categorical' || stats.kind === 'text') return { ...column, stats: { ...stats, topValues: [] } };
  return column;
}

export function sealPreview(preview: { header: string[]; rows: string[][] }, targetColumn: string): { header: string[]; rows: string[][] } {
  const index = preview.header.indexOf(targetColumn);
  if (index < 0) return preview;
  return { header: preview.header, rows: preview.rows.map((row) => row.map((cell, i) => (i === index ? SEALED_CELL : cell))) };
}

export function sealGuidance(guidance: SplitGuidance): SplitGuidance {
  const visible = new Set<string>();
  for (const part of guidance.parts) {
    if (part.part === 'test') continue;
    for (const label of part.labels ?? []) if (label.count > 0) visible.add(label.label);
  }
  const parts = guidance.parts.map((part) => {
    // Train and dev list every class of the version, zero counts included: drop test-only ones.
    if (part.part !== 'test') return part.labels ? { ...part, labels: part.labels.filter((l) => visible.has(l.label)) } : part;
    const sealed: { -readonly [K in keyof typeof part]: (typeof part)[K] } = { ...part };
    if (part.labels) {
      const kept = part.labels.filter((l) => visible.has(l.label));
      const hidden = part.labels.filter((l) => !visible.has(l.label));
      if (hidden.some((l) => l.count > 0)) {
        const count = hidden.reduce((sum, l) => sum + l.count, 0);
        kept.push({ label: UNSEEN_CLASSES_LABEL, count, share: hidden.reduce((sum, l) => sum + l.share, 0) });
      }
      sealed.labels = kept;
    }
    if (part.target) {
      // Quantiles, minimum and maximum are values of particular test rows; mean and spread are not.
      const { count, missing, mean, std } = part.target;
      sealed.target = { count, missing, mean, std, min: Number.NaN, p25: Number.NaN, median: Number.NaN, p75: Number.NaN, max: Number.NaN };
    }
    return sealed;
  });
  return { ...guidance, parts };
}
