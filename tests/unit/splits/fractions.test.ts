import { describe, expect, it } from 'vitest';
import { allocateCounts, assertPartsNonEmpty, parseFractions, parseSeed } from '@/server/shared/splits/fractions';
import { messageOf } from './helpers';

describe('fractions', () => {
  it('accepts fractions summing to 1 within 1e-9', () => {
    expect(parseFractions({ train: 0.98, dev: 0.01, test: 0.01 })).toEqual({ train: 0.98, dev: 0.01, test: 0.01 });
    // 0.7 + 0.2 + 0.1 is 0.9999999999999999 in floating point: accepted, and kept as typed.
    expect(parseFractions({ train: 0.7, dev: 0.2, test: 0.1 })).toEqual({ train: 0.7, dev: 0.2, test: 0.1 });
    expect(() => parseFractions({ train: 0.7, dev: 0.2, test: 0.1 + 2e-9 })).toThrow(/must sum to 1/);
  });

  it('names the sum and every part when they do not add up', () => {
    expect(messageOf(() => parseFractions({ train: 0.8, dev: 0.1, test: 0.05 }))).toBe(
      'Fractions must sum to 1 (got 0.95: train 0.8 + dev 0.1 + test 0.05).',
    );
  });

  it('names the part that is out of range or zero', () => {
    expect(messageOf(() => parseFractions({ train: 1.2, dev: 0.1, test: 0.1 }))).toBe("Fraction 'train' must be between 0 and 1 (got 1.2).");
    expect(messageOf(() => parseFractions({ train: 1, dev: 0, test: 0 }))).toBe(
      "Fraction 'dev' must be greater than 0 (got 0): every part of a split needs rows.",
    );
    expect(messageOf(() => parseFractions({ train: 0.5, dev: '0.25', test: 0.25 }))).toBe("Fraction 'dev' must be a number.");
    expect(messageOf(() => parseFractions({ train: 0.5, dev: Number.NaN, test: 0.5 }))).toMatch(/Fraction 'dev'/);
  });

  it('refuses unknown keys and bad seeds', () => {
    expect(messageOf(() => parseFractions({ train: 0.6, dev: 0.2, test: 0.2, val: 0 }))).toMatch(/val/);
    expect(messageOf(() => parseSeed(1.5))).toBe('Seed must be an integer from 0 to 4294967295 (got 1.5).');
  });

  it('allocates by largest remainder with exact totals', () => {
    expect(allocateCounts(10, { train: 0.6, dev: 0.2, test: 0.2 })).toEqual({ train: 6, dev: 2, test: 2 });
    // 0.29 × 100 is 28.999999999999996 in floating point; it must still count as 29.
    expect(allocateCounts(100, { train: 0.29, dev: 0.42, test: 0.29 })).toEqual({ train: 29, dev: 42, test: 29 });
    // quotas 3.333…, 3.333…, 3.333…: the one leftover row goes to the first part.
    expect(allocateCounts(10, { train: 1 / 3, dev: 1 / 3, test: 1 / 3 })).toEqual({ train: 4, dev: 3, test: 3 });
    expect(allocateCounts(1_000_000, { train: 0.98, dev: 0.01, test: 0.01 })).toEqual({ train: 980_000, dev: 10_000, test: 10_000 });
    // quotas 49, 0.5, 0.5: remainders tie, earlier part wins.
    expect(allocateCounts(50, { train: 0.98, dev: 0.01, test: 0.01 })).toEqual({ train: 49, dev: 1, test: 0 });
  });

  it('names an empty part and its fix', () => {
    const counts = allocateCounts(50, { train: 0.98, dev: 0.01, test: 0.01 });
    expect(messageOf(() => assertPartsNonEmpty(counts, 50))).toBe('test would get 0 rows of 50: increase the test fraction.');
  });
});
