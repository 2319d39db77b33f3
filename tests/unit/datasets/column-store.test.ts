import { describe, expect, it } from 'vitest';
import { decodeColumnStore, encodeColumnStore } from '@/server/shared/datasets/column-store';
import type { TypedColumn } from '@/server/shared/datasets/types';
import { ingest } from './helpers';

describe('column store', () => {
  it('round-trips ingested columns as zero-copy views', async () => {
    const r = await ingest('n,c,b,t\n1.5,red,yes,x\nNA,blue,no,y\n3,red,,z\n');
    const buf = encodeColumnStore(r.columns);
    const decoded = decodeColumnStore(buf);
    expect(decoded.rowCount).toBe(3);
    expect(decoded.columns).toEqual(r.columns);
    const first = decoded.columns[0];
    expect(first?.kind === 'float64' && first.values.buffer).toBe(buf.buffer);
  });

  it('stores floats as Float32 on request and copies a misaligned buffer', () => {
    const cols: TypedColumn[] = [{ name: 'v', type: 'numeric', kind: 'float64', values: new Float64Array([0.5, NaN, 2]) }];
    const buf = encodeColumnStore(cols, { floatEncoding: 'float32' });
    const shifted = new Uint8Array(buf.length + 1).subarray(1);
    shifted.set(buf);
    const decoded = decodeColumnStore(shifted);
    expect(decoded.columns[0]).toMatchObject({ kind: 'float32', values: new Float32Array([0.5, NaN, 2]) });
  });

  it('rejects corrupt input', () => {
    expect(() => decodeColumnStore(Buffer.from('not a column store'))).toThrow(/magic/);
    const buf = encodeColumnStore([{ name: 'c', type: 'categorical', kind: 'dictionary', codes: new Int32Array([0, 5]), dictionary: ['a'] }]);
    expect(() => decodeColumnStore(buf)).toThrow(/code outside its dictionary/);
  });

  it('decodes 1M x 20 columns with their values intact', () => {
    const rows = 1_000_000;
    const cols: TypedColumn[] = Array.from({ length: 20 }, (_, c) =>
      c % 2
        ? { name: `f${c}`, type: 'numeric', kind: 'float64', values: new Float64Array(rows).fill(c) }
        : { name: `k${c}`, type: 'categorical', kind: 'dictionary', codes: new Int32Array(rows), dictionary: ['a'] },
    );
    const buf = encodeColumnStore(cols);
    const decoded = decodeColumnStore(buf);
    expect(decoded.columns).toHaveLength(20);
    expect(decoded.rowCount).toBe(rows);
    const numeric = decoded.columns[1]!;
    expect(numeric.kind !== 'dictionary' && numeric.values[rows - 1]).toBe(1);
  });
});
