import type { SplitDefinition, SplitStrategy } from '@/server/shared/splits/assign-split';

export type Part = 'train' | 'dev' | 'test';
export type FractionsText = Record<Part, string>;

export const STRATEGIES: { value: SplitStrategy; label: string; help: string }[] = [
  { value: 'stratified', label: 'Stratified', help: 'Stratified by a column: each part keeps the column’s class proportions; the usual choice for classification.' },
  { value: 'random', label: 'Random', help: 'Seeded shuffle of all rows.' },
  { value: 'grouped', label: 'Grouped', help: 'Grouped by a column: all rows sharing a value (a patient, a user, a session) land in the same part, so nothing leaks across parts.' },
  { value: 'explicit', label: 'Explicit', help: 'Explicit: the data already says which part each row belongs to; map each value to a part.' },
  { value: 'time-ordered', label: 'Time-ordered', help: 'Time-ordered by a date column: oldest rows train, newer rows dev, newest test: measures how a model does on the future.' },
];

export const PRESETS: { label: string; fractions: FractionsText }[] = [
  { label: '80/10/10', fractions: { train: '0.8', dev: '0.1', test: '0.1' } },
  { label: '60/20/20', fractions: { train: '0.6', dev: '0.2', test: '0.2' } },
  { label: '98/1/1', fractions: { train: '0.98', dev: '0.01', test: '0.01' } },
];

export const usesFractions = (s: SplitStrategy) => s !== 'explicit';
export const usesSeed = (s: SplitStrategy) => s === 'random' || s === 'stratified' || s === 'grouped';
export const usesColumn = (s: SplitStrategy) => s !== 'random';

export interface FormValues {
  strategy: SplitStrategy;
  column: string;
  fractions: FractionsText;
  seed: string;
  mapping: Record<string, Part>;
}

/**
 * Checks what can be checked in the browser (numbers, the sum) and builds the definition the
 * server hashes. Deeper checks (empty parts, unmapped values) come back from the server verbatim.
 */
/**
 * The fractions as numbers: as written ("0.8"), or as percentages ("80", "80%") when all three
 * read as numbers and sum to 100 — what people type when a form says 80/10/10.
 */
export function parseFractions(text: FractionsText): Record<Part, number> {
  const read = (t: string) => (t.trim() === '' ? Number.NaN : Number(t.trim().replace(/%$/, '')));
  const f = { train: read(text.train), dev: read(text.dev), test: read(text.test) };
  const values = [f.train, f.dev, f.test];
  const percent = values.every(Number.isFinite) && (values.some((x) => x > 1) || Object.values(text).some((t) => t.includes('%'))) && Math.abs(f.train + f.dev + f.test - 100) < 1e-6;
  return percent ? { train: f.train / 100, dev: f.dev / 100, test: f.test / 100 } : f;
}

/** What a split is called until someone names it: "stratified by label 80/10/10 seed 7". */
export function defaultSplitName(v: FormValues): string {
  const by = usesColumn(v.strategy) && v.column ? ` by ${v.column}` : '';
  const parts: string[] = [`${v.strategy}${by}`];
  if (usesFractions(v.strategy)) {
    const f = parseFractions(v.fractions);
    if ([f.train, f.dev, f.test].every(Number.isFinite)) parts.push([f.train, f.dev, f.test].map((x) => Number.parseFloat((x * 100).toPrecision(4))).join('/'));
  }
  if (usesSeed(v.strategy) && v.seed.trim() !== '') parts.push(`seed ${v.seed.trim()}`);
  return parts.join(' ');
}

export function buildDefinition(v: FormValues): { definition?: SplitDefinition; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const f = parseFractions(v.fractions);
  if (usesFractions(v.strategy)) {
    for (const part of ['train', 'dev', 'test'] as const) {
      if (!Number.isFinite(f[part])) errors[part] = 'Enter a number';
      else if (f[part] <= 0 || f[part] > 1) errors[part] = 'Between 0 and 1, or percentages that sum to 100';
    }
    const sum = f.train + f.dev + f.test;
    if (!errors.train && !errors.dev && !errors.test && Math.abs(sum - 1) > 1e-9) {
      errors.fractions = `Fractions must sum to 1 (they sum to ${Number.parseFloat(sum.toPrecision(12))}).`;
    }
  }
  const seed = Number(v.seed);
  if (usesSeed(v.strategy) && (v.seed.trim() === '' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)) {
    errors.seed = 'A whole number from 0 to 4294967295';
  }
  if (usesColumn(v.strategy) && !v.column) errors.column = 'Choose a column';
  if (v.strategy === 'explicit' && Object.keys(v.mapping).length === 0) errors.mapping = 'Map at least one value to a part';
  if (Object.keys(errors).length > 0) return { errors };
  switch (v.strategy) {
    case 'random':
      return { errors, definition: { strategy: 'random', fractions: f, seed } };
    case 'stratified':
    case 'grouped':
      return { errors, definition: { strategy: v.strategy, column: v.column, fractions: f, seed } };
    case 'explicit':
      return { errors, definition: { strategy: 'explicit', column: v.column, mapping: v.mapping } };
    case 'time-ordered':
      return { errors, definition: { strategy: 'time-ordered', column: v.column, fractions: f } };
  }
}
