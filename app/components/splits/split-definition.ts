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
export function buildDefinition(v: FormValues): { definition?: SplitDefinition; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const f = { train: Number(v.fractions.train), dev: Number(v.fractions.dev), test: Number(v.fractions.test) };
  if (usesFractions(v.strategy)) {
    for (const part of ['train', 'dev', 'test'] as const) {
      if (v.fractions[part].trim() === '' || !Number.isFinite(f[part])) errors[part] = 'Enter a number';
      else if (f[part] <= 0 || f[part] > 1) errors[part] = 'Between 0 and 1, above 0';
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
