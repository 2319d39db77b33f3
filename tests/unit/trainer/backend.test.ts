import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededUniform } from '../../../server/shared/seeded-random';
import { selectBackend, type BackendInfo } from '../../../workers/trainer/backend';
import { readTrainerEnv } from '../../../workers/trainer/trainer-env';
import { wasmMatMulFixInstalled } from '../../../workers/trainer/wasm-matmul-fix';

let info: BackendInfo;
beforeAll(async () => {
  info = await selectBackend('auto');
});

/** Reference product in plain JS, batch dims broadcast from size 1. */
function naiveMatMul(a: tf.Tensor, b: tf.Tensor, ta: boolean, tb: boolean): number[] {
  const A = a.arraySync() as number[][][];
  const B = b.arraySync() as number[][][];
  const at = (m: number[][], r: number, c: number, t: boolean) => (t ? m[c]![r]! : m[r]![c]!);
  const batch = Math.max(A.length, B.length);
  const out: number[] = [];
  for (let i = 0; i < batch; i++) {
    const a2 = A[A.length === 1 ? 0 : i]!;
    const b2 = B[B.length === 1 ? 0 : i]!;
    const rows = ta ? a2[0]!.length : a2.length;
    const inner = ta ? a2.length : a2[0]!.length;
    const cols = tb ? b2.length : b2[0]!.length;
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
      let sum = 0;
      for (let k = 0; k < inner; k++) sum += at(a2, r, k, ta) * at(b2, k, c, tb);
      out.push(sum);
    }
  }
  return out;
}

describe('backend selection', () => {
  it('falls through to wasm with the matmul fix when tfjs-node is absent, and says why', () => {
    expect(info).toMatchObject({ backend: 'wasm', choice: 'wasm', gpu: false, tfjsVersion: tf.version.tfjs });
    expect(info.skipped).toEqual(['tfjs-node-gpu: not installed', 'tfjs-node: not installed']);
    expect(wasmMatMulFixInstalled()).toBe(true);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('reads the backend from --backend, then HOLDOUT_TFJS_BACKEND, then auto', () => {
    expect(readTrainerEnv({}, []).backend).toBe('auto');
    expect(readTrainerEnv({ HOLDOUT_TFJS_BACKEND: 'cpu' }, []).backend).toBe('cpu');
    expect(readTrainerEnv({ HOLDOUT_TFJS_BACKEND: 'cpu' }, ['--backend=wasm']).backend).toBe('wasm');
    expect(() => readTrainerEnv({ HOLDOUT_TFJS_BACKEND: 'webgpu' }, [])).toThrow(/HOLDOUT_TFJS_BACKEND must be one of/);
  });

  it('reads the thread cap from --threads, then HOLDOUT_TRAINER_THREADS, then every core', () => {
    expect(readTrainerEnv({}, []).threads).toBe(os.availableParallelism());
    expect(readTrainerEnv({ HOLDOUT_TRAINER_THREADS: '3' }, []).threads).toBe(3);
    expect(readTrainerEnv({ HOLDOUT_TRAINER_THREADS: '3' }, ['--threads=1']).threads).toBe(1);
    expect(() => readTrainerEnv({ HOLDOUT_TRAINER_THREADS: '0' }, [])).toThrow(/HOLDOUT_TRAINER_THREADS must be a whole number from 1 to 64 \(got "0"\)/);
    expect(() => readTrainerEnv({}, ['--threads=two'])).toThrow(/--threads must be a whole number/);
  });
});

describe('wasm BatchMatMul with explicit transposes', () => {
  const random = seededUniform(3);
  const tensor = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => random() - 0.5), shape);

  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('matches a plain-JS product with transposeA=%s transposeB=%s, batched and broadcast', (ta, tb) => {
    const a = tensor(ta ? [3, 5, 4] : [3, 4, 5]);
    const b = tensor(tb ? [1, 6, 5] : [1, 5, 6]);
    const product = tf.matMul(a, b, ta, tb);
    expect(product.shape).toEqual([3, 4, 6]);
    const expected = naiveMatMul(a, b, ta, tb);
    Array.from(product.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 4));
    tf.dispose([a, b, product]);
  });

  it('frees its transposed temporaries', () => {
    const a = tensor([128, 64]);
    const b = tensor([128, 32]);
    const backend = tf.backend();
    const before = backend.numDataIds();
    for (let i = 0; i < 20; i++) tf.matMul(a, b, true, false).dispose();
    expect(backend.numDataIds()).toBe(before);
    tf.dispose([a, b]);
  });
});
