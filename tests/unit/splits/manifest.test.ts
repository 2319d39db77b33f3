import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  decodeManifest,
  encodeManifest,
  hashManifest,
  hashSplitDefinition,
} from '@/server/shared/splits/manifest';
import { randomSplit } from '@/server/shared/splits/strategy-random';
import { stratifiedSplit } from '@/server/shared/splits/strategy-stratified';
import { messageOf } from './helpers';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('manifest', () => {
  it('has a fixed byte layout and hash', () => {
    const manifest = encodeManifest(Uint8Array.of(0, 1, 2, 0, 0));
    // "HSPL", version 1, 3 zero bytes, rowCount 5 as u64 LE, then the five part bytes.
    expect(hex(manifest)).toBe('4853504c' + '01000000' + '0500000000000000' + '0001020000');
    // Cross-checked with `echo <hex> | xxd -r -p | sha256sum`.
    expect(hashManifest(manifest)).toBe('60d969ca971e31ebaa7232ecb481d17de2ecb79114e2e3a643b4441ac09c50fc');
  });

  it('keeps the hash of a seeded random split fixed across machines', () => {
    // If this literal ever changes, every stored split hash is invalid: bump SPLIT_ALGORITHM_VERSION
    // and migrate rather than updating the literal.
    const a = randomSplit({ rowCount: 10_000, fractions: { train: 0.8, dev: 0.1, test: 0.1 }, seed: 20240601 });
    expect(hashManifest(encodeManifest(a))).toBe('42a875068ad2430e16c2cc6007a7001da3c8a55fffb7dca1392fd931db65c09f');
  });

  it('keeps the hash of a seeded 98/1/1 stratified split fixed across machines', () => {
    const labels = Array.from({ length: 10_000 }, (_, i) => ['cat', 'dog', 'bird'][(i * 7) % 3]!);
    const a = stratifiedSplit({
      rowCount: 10_000,
      target: { kind: 'categorical', values: labels },
      targetName: 'y',
      fractions: { train: 0.98, dev: 0.01, test: 0.01 },
      seed: 7,
    });
    expect(hashManifest(encodeManifest(a))).toBe('8601e2cb12309f583b350c4dadbe9ffe376cd446456cc890b2af486c572c4026');
  });

  it('round-trips and refuses corrupt manifests', () => {
    const a = randomSplit({ rowCount: 100, fractions: { train: 0.6, dev: 0.2, test: 0.2 }, seed: 1 });
    const decoded = decodeManifest(encodeManifest(a));
    expect(decoded.rowCount).toBe(100);
    expect(Array.from(decoded.assignment)).toEqual(Array.from(a));
    const bytes = encodeManifest(a);
    expect(messageOf(() => decodeManifest(bytes.slice(0, 50)))).toBe('Split manifest says 100 rows but holds 34.');
    const wrong = bytes.slice();
    wrong[16 + 9] = 7;
    expect(messageOf(() => decodeManifest(wrong))).toBe('Split manifest has part code 7 at data row 10.');
    expect(messageOf(() => decodeManifest(Uint8Array.of(1, 2, 3)))).toBe('Not a split manifest (missing the HSPL header).');
    expect(messageOf(() => encodeManifest(Uint8Array.of(0, 3)))).toMatch(/part code 3 at data row 2/);
  });
});

describe('definition hash', () => {
  const definition = { strategy: 'random', seed: 20240601, fractions: { train: 0.8, dev: 0.1, test: 0.1 } };

  it('canonicalizes with sorted keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: [1, 'x', { d: null, c: true }] })).toBe('{"a":[1,"x",{"c":true,"d":null}],"b":1}');
    expect(messageOf(() => canonicalJson({ a: Number.NaN }))).toBe('Cannot canonicalize the number NaN.');
  });

  it('is a fixed literal, independent of key order', () => {
    // sha256 of {"algorithmVersion":1,"datasetVersionHash":"sha256:abc","definition":
    // {"fractions":{"dev":0.1,"test":0.1,"train":0.8},"seed":20240601,"strategy":"random"}},
    // cross-checked with `printf … | sha256sum`.
    const expected = 'd3f42008fd19f662d0858125af7006fe3e5f4af417dac69b2a34ea5fc639797d';
    expect(hashSplitDefinition(definition, 'sha256:abc')).toBe(expected);
    const reordered = { fractions: { test: 0.1, dev: 0.1, train: 0.8 }, seed: 20240601, strategy: 'random' };
    expect(hashSplitDefinition(reordered, 'sha256:abc')).toBe(expected);
  });

  it('changes with the seed, the parameters or the dataset version', () => {
    const base = hashSplitDefinition(definition, 'sha256:abc');
    expect(hashSplitDefinition({ ...definition, seed: 1 }, 'sha256:abc')).not.toBe(base);
    expect(hashSplitDefinition({ ...definition, fractions: { train: 0.7, dev: 0.2, test: 0.1 } }, 'sha256:abc')).not.toBe(base);
    expect(hashSplitDefinition(definition, 'sha256:abd')).not.toBe(base);
  });

  it('validates the definition before hashing it', () => {
    expect(messageOf(() => hashSplitDefinition({ ...definition, fractions: { train: 0.8, dev: 0.1, test: 0.05 } }, 'h'))).toBe(
      "Fractions must sum to 1 (got 0.95: train 0.8 + dev 0.1 + test 0.05). (at 'fractions')",
    );
  });
});
