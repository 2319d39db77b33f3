import { z } from 'zod';
import { DomainError } from '../errors';
import { PART_NAMES, type Fractions, type PartCounts, type SplitPart } from './types';

/** Shows a float the way a person typed it: 0.8 + 0.1 + 0.05 prints 0.95, not 0.9500000000000001. */
export function formatNumber(x: number): string {
  return String(Number.parseFloat(x.toPrecision(12)));
}

const fraction = (part: SplitPart) =>
  z
    .number({ error: `Fraction '${part}' must be a number.` })
    .refine(Number.isFinite, { error: `Fraction '${part}' must be a finite number.` })
    .refine((v) => v >= 0 && v <= 1, {
      error: (issue) => `Fraction '${part}' must be between 0 and 1 (got ${formatNumber(issue.input as number)}).`,
    })
    .refine((v) => v > 0, {
      error: `Fraction '${part}' must be greater than 0 (got 0): every part of a split needs rows.`,
    });

export const fractionsSchema = z
  .object({ train: fraction('train'), dev: fraction('dev'), test: fraction('test') })
  .strict()
  .refine((f) => Math.abs(f.train + f.dev + f.test - 1) <= 1e-9, {
    error: (issue) => {
      const f = issue.input as Fractions;
      return `Fractions must sum to 1 (got ${formatNumber(f.train + f.dev + f.test)}: train ${formatNumber(f.train)} + dev ${formatNumber(f.dev)} + test ${formatNumber(f.test)}).`;
    },
  });

export const seedSchema = z
  .number({ error: 'Seed must be a number.' })
  .refine((s) => Number.isInteger(s) && s >= 0 && s <= 0xffffffff, {
    error: (issue) => `Seed must be an integer from 0 to 4294967295 (got ${String(issue.input)}).`,
  });

/** Validates with zod and turns the first problem into one precise DomainError. */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  // Our own messages already name their field; zod's generic ones need the path added.
  const path = issue.path.map(String).join('.');
  const where = path && !issue.message.includes(`'${String(issue.path.at(-1))}'`) ? ` (at '${path}')` : '';
  throw new DomainError('BAD_INPUT', `${issue.message}${where}`, result.error.issues);
}

export function parseFractions(input: unknown): Fractions {
  return parseOrThrow(fractionsSchema, input);
}

export function assertRowCount(rowCount: number): void {
  if (!Number.isInteger(rowCount) || rowCount < 0 || rowCount > 0xffffffff) {
    throw new DomainError('BAD_INPUT', `Row count must be a non-negative integer (got ${rowCount}).`);
  }
}

/**
 * Largest-remainder (Hamilton) apportionment of n rows. Quotas within 1e-9 of an integer are
 * snapped first, so 0.29 × 100 = 28.999999999999996 counts as 29 rather than depending on
 * which part wins the leftover. Ties go to the earlier part (train, dev, test) for determinism.
 */
export function allocateCounts(n: number, fractions: Fractions): PartCounts {
  const quotas = PART_NAMES.map((p) => {
    const q = n * fractions[p];
    const r = Math.round(q);
    return Math.abs(q - r) <= 1e-9 * Math.max(1, q) ? r : q;
  });
  const counts = quotas.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = [0, 1, 2].sort((a, b) => quotas[b]! - counts[b]! - (quotas[a]! - counts[a]!) || a - b);
  // `left` can be negative (or exceed 3) only when the sum strays from 1 by the tolerated 1e-9.
  for (let k = 0; left !== 0; k = (k + 1) % 3) {
    const p = order[k]!;
    if (left > 0) {
      counts[p]!++;
      left--;
    } else if (counts[p]! > 0) {
      counts[p]!--;
      left++;
    }
  }
  return { train: counts[0]!, dev: counts[1]!, test: counts[2]! };
}

/** Every part of a frozen split (or just `parts`) must hold rows; name the first empty one and how to fix it. */
export function assertPartsNonEmpty(counts: PartCounts, rowCount: number, remedy?: (part: SplitPart) => string, parts: readonly SplitPart[] = PART_NAMES): void {
  for (const part of parts) {
    if (counts[part] === 0) {
      const fix = remedy ? remedy(part) : `increase the ${part} fraction`;
      throw new DomainError('BAD_INPUT', `${part} would get 0 rows of ${rowCount}: ${fix}.`);
    }
  }
}

/** Counts rows per part in an assignment. */
export function countParts(assignment: Uint8Array): PartCounts {
  const c = [0, 0, 0];
  for (let i = 0; i < assignment.length; i++) c[assignment[i]!]!++;
  return { train: c[0]!, dev: c[1]!, test: c[2]! };
}

export function parseSeed(input: unknown): number {
  return parseOrThrow(seedSchema, input);
}
