import { describe, expect, it } from 'vitest';
import { countParts } from '@/server/shared/splits/fractions';
import { encodeManifest, hashManifest } from '@/server/shared/splits/manifest';
import { randomSplit } from '@/server/shared/splits/strategy-random';
import { stratifiedSplit } from '@/server/shared/splits/strategy-stratified';

// One million rows, split 98/1/1: the case a large-data team actually runs. Kept to typed
// arrays end to end; timing is reported by the engineer, not asserted (CI machines vary).
const N = 1_000_000;
const F = { train: 0.98, dev: 0.01, test: 0.01 };

describe('1M-row splits', () => {
  it('random 98/1/1 gives exact counts and is reproducible', () => {
    const a = randomSplit({ rowCount: N, fractions: F, seed: 123 });
    expect(countParts(a)).toEqual({ train: 980_000, dev: 10_000, test: 10_000 });
    const b = randomSplit({ rowCount: N, fractions: F, seed: 123 });
    expect(hashManifest(encodeManifest(b))).toBe(hashManifest(encodeManifest(a)));
  });

  it('stratified 98/1/1 over 10 imbalanced classes matches class proportions in every part', () => {
    // Class c has weight 2^-(c+1) (the last class takes the remainder): 50%, 25%, … down to ~1,950 rows.
    const dictionary = Array.from({ length: 10 }, (_, c) => `class-${c}`);
    const codes = new Int32Array(N);
    const sizes = new Array<number>(10).fill(0);
    let row = 0;
    for (let c = 0; c < 10; c++) {
      const size = c === 9 ? N - row : Math.floor(N / 2 ** (c + 1));
      codes.fill(c, row, row + size);
      sizes[c] = size;
      row += size;
    }
    const a = stratifiedSplit({ rowCount: N, target: { kind: 'categorical', codes, dictionary }, targetName: 'label', fractions: F, seed: 9 });
    expect(countParts(a)).toEqual({ train: 980_000, dev: 10_000, test: 10_000 });
    const table = Array.from({ length: 10 }, () => [0, 0, 0]);
    for (let i = 0; i < N; i++) table[codes[i]!]![a[i]!]!++;
    table.forEach((counts, c) => {
      const n = sizes[c]!;
      [0.98, 0.01, 0.01].forEach((f, p) => {
        expect(counts[p]).toBeGreaterThanOrEqual(Math.floor(n * f));
        expect(counts[p]).toBeLessThanOrEqual(Math.ceil(n * f));
      });
    });
  });
});
