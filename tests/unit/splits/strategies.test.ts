import { describe, expect, it } from 'vitest';
import { assignSplit } from '@/server/shared/splits/assign-split';
import { countParts } from '@/server/shared/splits/fractions';
import { encodeManifest, hashManifest } from '@/server/shared/splits/manifest';
import { randomSplit } from '@/server/shared/splits/strategy-random';
import { allocateStrata, stratifiedSplit } from '@/server/shared/splits/strategy-stratified';
import { allocateGroups, groupedSplit } from '@/server/shared/splits/strategy-grouped';
import { explicitSplit } from '@/server/shared/splits/strategy-explicit';
import { timeOrderedSplit } from '@/server/shared/splits/strategy-time-ordered';
import type { SplitInputColumn } from '@/server/shared/splits/types';
import { crossTab, messageOf, partsOk } from './helpers';

const F602020 = { train: 0.6, dev: 0.2, test: 0.2 };
const manifestHash = (a: Uint8Array) => hashManifest(encodeManifest(a));

describe('random split', () => {
  it('assigns every row once with exact largest-remainder counts', () => {
    const a = randomSplit({ rowCount: 1001, fractions: F602020, seed: 1 });
    partsOk(a, 1001);
    // quotas 600.6, 200.2, 200.2 → floors 600/200/200, the leftover row to train (.6 remainder).
    expect(countParts(a)).toEqual({ train: 601, dev: 200, test: 200 });
  });

  it('is deterministic per seed and differs across seeds', () => {
    const p = { rowCount: 500, fractions: F602020 };
    expect(manifestHash(randomSplit({ ...p, seed: 9 }))).toBe(manifestHash(randomSplit({ ...p, seed: 9 })));
    expect(manifestHash(randomSplit({ ...p, seed: 9 }))).not.toBe(manifestHash(randomSplit({ ...p, seed: 10 })));
  });

  it('names the empty part when a fraction is too small for the row count', () => {
    expect(messageOf(() => randomSplit({ rowCount: 50, fractions: { train: 0.98, dev: 0.01, test: 0.01 }, seed: 1 }))).toBe(
      'test would get 0 rows of 50: increase the test fraction.',
    );
    expect(messageOf(() => randomSplit({ rowCount: 50, fractions: { train: 0.985, dev: 0.005, test: 0.01 }, seed: 1 }))).toBe(
      'dev would get 0 rows of 50: increase the dev fraction.',
    );
  });
});

describe('stratified split', () => {
  // 1,000 rows: a 700, b 200, c 97, d 3 — d is the smallest class that can still be stratified.
  const labels = [...Array(700).fill('a'), ...Array(200).fill('b'), ...Array(97).fill('c'), ...Array(3).fill('d')] as string[];
  const target: SplitInputColumn = { kind: 'categorical', values: labels };

  it('keeps each class within rounding of its quota in every part', () => {
    const a = stratifiedSplit({ rowCount: 1000, target, targetName: 'label', fractions: F602020, seed: 5 });
    partsOk(a, 1000);
    expect(countParts(a)).toEqual({ train: 600, dev: 200, test: 200 });
    const table = crossTab(labels, a);
    expect(table.get('a')).toEqual([420, 140, 140]);
    expect(table.get('b')).toEqual([120, 40, 40]);
    for (const [label, row] of table) {
      const n = row[0] + row[1] + row[2];
      [0.6, 0.2, 0.2].forEach((f, p) => {
        expect(row[p]).toBeGreaterThanOrEqual(Math.max(1, Math.floor(n * f)));
        expect(row[p]).toBeLessThanOrEqual(Math.ceil(n * f) + (label === 'd' ? 1 : 0));
      });
    }
    expect(table.get('d')).toEqual([1, 1, 1]);
  });

  it('gives the same split for a dictionary encoding, whatever the dictionary order', () => {
    const dictionary = ['d', 'c', 'b', 'a', 'unused', 'a'];
    const codes = Int32Array.from(labels, (l) => dictionary.indexOf(l));
    const plain = stratifiedSplit({ rowCount: 1000, target, targetName: 'label', fractions: F602020, seed: 5 });
    const encoded = stratifiedSplit({ rowCount: 1000, target: { kind: 'categorical', codes, dictionary }, targetName: 'label', fractions: F602020, seed: 5 });
    expect(manifestHash(encoded)).toBe(manifestHash(plain));
  });

  it('keeps part totals at their largest-remainder targets when rounding allows', () => {
    // classes 5, 5, 5 at 60/20/20: quotas 3/1/1 each, exact.
    expect(Array.from(allocateStrata(Float64Array.of(5, 5, 5), F602020, [9, 3, 3]))).toEqual([3, 1, 1, 3, 1, 1, 3, 1, 1]);
    // classes 7, 7 at 60/20/20: quotas 4.2/1.4/1.4 each; totals 14 → 8.4/2.8/2.8 → 8/3/3.
    // Floors give 4/1/1 per class; the two leftovers go to dev and test (remainder .4 > .2).
    const alloc = Array.from(allocateStrata(Float64Array.of(7, 7), F602020, [8, 3, 3]));
    expect(alloc[0]! + alloc[3]!).toBe(8);
    expect(alloc[1]! + alloc[4]!).toBe(3);
    expect(alloc[2]! + alloc[5]!).toBe(3);
  });

  it('names the class that is too small to appear in every part', () => {
    const small = [...labels.slice(0, 997), 'rare', 'rare', 'a'];
    expect(messageOf(() => stratifiedSplit({ rowCount: 1000, target: { kind: 'categorical', values: small }, targetName: 'label', fractions: F602020, seed: 1 }))).toBe(
      "Class 'rare' of 'label' has 2 rows: a stratified split needs at least 3 rows per class so it appears in train, dev and test. Merge rare classes or use a random split.",
    );
  });

  it('refuses a missing label, naming the first row', () => {
    const withGap = [...labels];
    withGap[41] = null as unknown as string;
    expect(messageOf(() => stratifiedSplit({ rowCount: 1000, target: { kind: 'categorical', values: withGap }, targetName: 'label', fractions: F602020, seed: 1 }))).toBe(
      "Column 'label' has 1 missing value (first at data row 42): a stratified split needs a value on every row.",
    );
  });

  it('stratifies a numeric label column too', () => {
    const y = Float64Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const a = stratifiedSplit({ rowCount: 100, target: { kind: 'numeric', values: y }, targetName: 'y', fractions: F602020, seed: 2 });
    const table = crossTab(Array.from(y, String), a);
    expect(table.get('1')).toEqual([15, 5, 5]);
    expect(table.get('0')).toEqual([45, 15, 15]);
  });
});

describe('grouped split', () => {
  // 60 groups of 1..6 rows (sizes cycle), 210 rows in all.
  const groups: string[] = [];
  for (let g = 0; g < 60; g++) for (let k = 0; k <= g % 6; k++) groups.push(`patient-${g}`);
  const column: SplitInputColumn = { kind: 'categorical', values: groups };

  it('never puts one group in two parts and lands near the fractions', () => {
    const a = groupedSplit({ rowCount: groups.length, group: column, groupName: 'patient', fractions: F602020, seed: 3 });
    partsOk(a, groups.length);
    for (const row of crossTab(groups, a).values()) expect(row.filter((n) => n > 0)).toHaveLength(1);
    const c = countParts(a);
    expect(Math.abs(c.train - 126)).toBeLessThanOrEqual(6);
    expect(Math.abs(c.dev - 42)).toBeLessThanOrEqual(6);
    expect(Math.abs(c.test - 42)).toBeLessThanOrEqual(6);
  });

  it('gives every part a group even when the first groups are large', () => {
    // Group sizes 100, 1, 1 in that shuffled order: relative need sends them train, dev, test.
    expect(Array.from(allocateGroups(Float64Array.of(100, 1, 1), [61, 21, 20], Uint32Array.of(0, 1, 2)))).toEqual([0, 1, 2]);
    // Four groups, sizes 1, 1, 1, 1 with targets 2/1/1: train, dev, test, then train.
    expect(Array.from(allocateGroups(Float64Array.of(1, 1, 1, 1), [2, 1, 1], Uint32Array.of(3, 2, 1, 0)))).toEqual([0, 2, 1, 0]);
  });

  it('refuses a column with one group, or fewer groups than parts', () => {
    const one: SplitInputColumn = { kind: 'categorical', values: Array(10).fill('site-a') };
    expect(messageOf(() => groupedSplit({ rowCount: 10, group: one, groupName: 'site', fractions: F602020, seed: 1 }))).toBe(
      "Column 'site' has only one group ('site-a', all 10 rows): a grouped split needs at least 3 groups, one per part.",
    );
    const two: SplitInputColumn = { kind: 'categorical', values: ['x', 'y', 'x', 'y'] };
    expect(messageOf(() => groupedSplit({ rowCount: 4, group: two, groupName: 'site', fractions: F602020, seed: 1 }))).toBe(
      "Column 'site' has only 2 groups: a grouped split needs at least 3, one for each of train, dev and test.",
    );
  });
});

describe('explicit split', () => {
  const values = ['train', 'valid', 'holdout', 'train', 'train', 'valid'];
  const column: SplitInputColumn = { kind: 'categorical', values };
  const mapping = { train: 'train', valid: 'dev', holdout: 'test' } as const;

  it('maps each value to its part', () => {
    expect(Array.from(explicitSplit({ rowCount: 6, column, columnName: 'fold', mapping }))).toEqual([0, 1, 2, 0, 0, 1]);
  });

  it('names unmapped values with their counts, most frequent first', () => {
    const more: SplitInputColumn = { kind: 'categorical', values: [...values, 'extra', 'extra', 'oops', null] };
    expect(messageOf(() => explicitSplit({ rowCount: 10, column: more, columnName: 'fold', mapping }))).toBe(
      "Column 'fold' has 3 values not mapped to a part: 'extra' (2 rows), '(missing)' (1 row), 'oops' (1 row). Map every value to train, dev or test.",
    );
  });

  it('names a part no value maps to, and a bad part name', () => {
    expect(messageOf(() => explicitSplit({ rowCount: 6, column, columnName: 'fold', mapping: { train: 'train', valid: 'dev', holdout: 'dev' } }))).toBe(
      "test would get 0 rows of 6: map at least one value of 'fold' that occurs in the data to test.",
    );
    expect(messageOf(() => explicitSplit({ rowCount: 6, column, columnName: 'fold', mapping: { train: 'train', valid: 'validation' } as never }))).toMatch(
      /Mapped part must be one of train, dev, test \(got "validation"\)/,
    );
  });
});

describe('time-ordered split', () => {
  // Dates deliberately out of row order, with a tie (rows 2 and 5 share a timestamp).
  const day = 86_400_000;
  const dates = Float64Array.from([9, 3, 5, 0, 7, 5, 1, 8, 2, 6], (d) => d * day);

  it('puts the earliest rows in train and the latest in test, ties by row index', () => {
    const a = timeOrderedSplit({ rowCount: 10, date: { kind: 'date', values: dates }, dateName: 'created_at', fractions: F602020 });
    // Sorted: row3(0) row6(1) row8(2) row1(3) row2(5) row5(5) | row9(6) row4(7) | row7(8) row0(9)
    expect(Array.from(a)).toEqual([2, 0, 0, 0, 1, 0, 0, 2, 0, 1]);
    let maxTrain = -Infinity;
    let minDev = Infinity;
    a.forEach((p, i) => {
      if (p === 0) maxTrain = Math.max(maxTrain, dates[i]!);
      if (p === 1) minDev = Math.min(minDev, dates[i]!);
    });
    expect(maxTrain).toBeLessThanOrEqual(minDev);
  });

  it('names the first unparseable date row (1-based) and the count', () => {
    const bad = dates.slice();
    bad[3] = Number.NaN;
    bad[7] = Number.NaN;
    expect(messageOf(() => timeOrderedSplit({ rowCount: 10, date: { kind: 'date', values: bad }, dateName: 'created_at', fractions: F602020 }))).toBe(
      "Column 'created_at' has 2 unparseable or missing dates (first at data row 4): a time-ordered split needs a date on every row.",
    );
  });
});

describe('assignSplit', () => {
  const data = { rowCount: 4, columns: { fold: { kind: 'categorical', values: ['a', 'b', 'c', 'a'] } as SplitInputColumn } };

  it('dispatches a validated definition to its strategy', () => {
    expect(Array.from(assignSplit({ strategy: 'explicit', column: 'fold', mapping: { a: 'train', b: 'dev', c: 'test' } }, data))).toEqual([0, 1, 2, 0]);
  });

  it('names a missing column, a column of the wrong length, and an unknown strategy', () => {
    expect(messageOf(() => assignSplit({ strategy: 'grouped', column: 'site', fractions: F602020, seed: 1 }, data))).toBe(
      "Column 'site' not found (available: 'fold').",
    );
    expect(messageOf(() => assignSplit({ strategy: 'grouped', column: 'fold', fractions: F602020, seed: 1 }, { ...data, rowCount: 5 }))).toBe(
      "Column 'fold' has 4 values but the dataset has 5 rows.",
    );
    expect(messageOf(() => assignSplit({ strategy: 'kfold' }, data))).toMatch(/^Strategy must be one of random, stratified/);
  });
});
