import { describe, expect, it } from 'vitest';
import { assignWithinSeal, hashSealedRows, sealedRowsOf } from '@/server/domain/splits/sealed-assignment';
import type { SplitData } from '@/server/shared/splits/types';
import { messageOf } from './helpers';

/** 40 rows: a fold column (a/b/c), a group column (10 groups of 4), a date, and a class label. */
function data(): SplitData {
  const n = 40;
  return {
    rowCount: n,
    columns: {
      fold: { kind: 'categorical', values: Array.from({ length: n }, (_, i) => (i < 30 ? (i % 2 ? 'a' : 'b') : 'c')) },
      group: { kind: 'categorical', values: Array.from({ length: n }, (_, i) => `g${Math.floor(i / 4)}`) },
      when: { kind: 'date', values: Float64Array.from({ length: n }, (_, i) => Date.UTC(2026, 0, 1 + i)) },
      label: { kind: 'categorical', values: Array.from({ length: n }, (_, i) => (i % 2 ? 'x' : 'y')) },
    },
  };
}
/** The first split's assignment: rows 30–39 are test (sealed), the rest train. */
const sealed = Uint8Array.from({ length: 40 }, (_, i) => (i >= 30 ? 2 : 0));
const F = { train: 0.6, dev: 0.2, test: 0.2 };

describe('a later split of a sealed dataset version', () => {
  it('keeps exactly the sealed rows in test and divides the rest between train and dev, for every fraction strategy', () => {
    for (const definition of [
      { strategy: 'random', fractions: F, seed: 3 },
      { strategy: 'stratified', column: 'label', fractions: F, seed: 3 },
      { strategy: 'grouped', column: 'group', fractions: F, seed: 3 },
      { strategy: 'time-ordered', column: 'when', fractions: F },
    ] as const) {
      const assignment = assignWithinSeal(definition, data(), sealed, 'label');
      expect(Array.from(sealedRowsOf(assignment)), definition.strategy).toEqual(Array.from(sealedRowsOf(sealed)));
      const dev = assignment.filter((p) => p === 1).length;
      // train : dev = 0.6 : 0.2 of the 30 unsealed rows (groups of 4 round to whole groups).
      expect(dev, definition.strategy).toBeGreaterThanOrEqual(4);
      expect(dev, definition.strategy).toBeLessThanOrEqual(12);
    }
    // Time order: dev rows come after every train row.
    const timed = assignWithinSeal({ strategy: 'time-ordered', column: 'when', fractions: F }, data(), sealed);
    expect(Math.max(...[...timed.keys()].filter((i) => timed[i] === 0))).toBeLessThan(Math.min(...[...timed.keys()].filter((i) => timed[i] === 1)));
  });

  it('takes an explicit mapping for the unsealed rows, and refuses one that moves rows across the seal', () => {
    const ok = assignWithinSeal({ strategy: 'explicit', column: 'fold', mapping: { a: 'train', b: 'dev', c: 'test' } }, data(), sealed);
    expect(Array.from(sealedRowsOf(ok))).toEqual(Array.from(sealedRowsOf(sealed)));
    expect(messageOf(() => assignWithinSeal({ strategy: 'explicit', column: 'fold', mapping: { a: 'train', b: 'dev', c: 'dev' } }, data(), sealed))).toMatch(
      /^The mapping sends 10 of this version's sealed test rows to train or dev \(values 'c'\)/,
    );
    expect(messageOf(() => assignWithinSeal({ strategy: 'explicit', column: 'fold', mapping: { a: 'train', b: 'test', c: 'test' } }, data(), sealed))).toMatch(
      /^The mapping sends 15 rows outside the sealed test set to test \(values 'b'\)/,
    );
  });

  it('names identical sealed rows by one hash', () => {
    expect(hashSealedRows(sealedRowsOf(sealed))).toBe(hashSealedRows(Uint32Array.from({ length: 10 }, (_, i) => 30 + i)));
    expect(hashSealedRows(sealedRowsOf(sealed))).not.toBe(hashSealedRows(Uint32Array.from({ length: 10 }, (_, i) => 29 + i)));
  });
});
