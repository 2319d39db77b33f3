import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OptimizerConfig } from '@/server/shared/runs/model-config';
import { normal, seededUniform } from '../../../server/shared/seeded-random';
import { selectBackend } from '../../../workers/trainer/backend';
import { HostOptimizer, TfjsOptimizer, type OptimizerStep } from '../../../workers/trainer/optimizers';

/**
 * The wasm backend trains with HostOptimizer, every other backend with tfjs's optimizers: both
 * must follow the same update rules, step for step, including a learning rate changed mid-run.
 */
beforeAll(async () => {
  await selectBackend('wasm');
});

const SPECS: OptimizerConfig[] = [
  { kind: 'sgd' },
  { kind: 'momentum', momentum: 0.9 },
  { kind: 'rmsprop', rho: 0.9 },
  { kind: 'adam', beta1: 0.9, beta2: 0.999 },
  { kind: 'adam', beta1: 0.5, beta2: 0.9 },
];
const SHAPES = [[7, 5], [5], [5, 3]];

function randomValues(size: number, random: () => number, scale: number): Float32Array {
  return Float32Array.from({ length: size }, () => normal(random) * scale);
}

function variablesFrom(values: Float32Array[]): tf.Variable[] {
  return values.map((v, i) => {
    const initial = tf.tensor(v, SHAPES[i]);
    const variable = tf.variable(initial, true);
    initial.dispose();
    return variable;
  });
}

function run(make: (vars: tf.Variable[]) => OptimizerStep, spec: OptimizerConfig): Float32Array[] {
  const random = seededUniform(42);
  const initial = SHAPES.map((s) => randomValues(s.reduce((a, b) => a * b, 1), random, 1));
  const variables = variablesFrom(initial);
  const optimizer = make(variables);
  for (let step = 0; step < 12; step++) {
    if (step === 6) optimizer.setLearningRate(spec.kind === 'sgd' ? 0.05 : 0.003);
    tf.tidy(() => {
      const gradients = Object.fromEntries(variables.map((v) => [v.name, tf.tensor(randomValues(v.size, random, 0.5), v.shape)]));
      optimizer.apply(gradients);
    });
  }
  const result = variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
  optimizer.dispose();
  tf.dispose(variables);
  return result;
}

describe('HostOptimizer (wasm) against tfjs optimizers', () => {
  for (const spec of SPECS) {
    it(`follows tfjs's ${JSON.stringify(spec)} step for step`, () => {
      const lr = spec.kind === 'sgd' ? 0.1 : 0.01;
      const before = tf.memory().numTensors;
      const host = run((vars) => new HostOptimizer(spec, lr, vars), spec);
      expect(tf.memory().numTensors).toBe(before);
      const reference = run(() => new TfjsOptimizer(spec, lr), spec);
      host.forEach((values, k) => {
        const expected = reference[k]!;
        const initialDistance = Math.max(...expected.map((x) => Math.abs(x)));
        values.forEach((x, i) => expect(Math.abs(x - expected[i]!), `variable ${k}, element ${i}`).toBeLessThan(1e-5 * initialDistance + 1e-6));
      });
    });
  }

  it('writes new tensors each step, so products see the new weights (XNNPACK caches packed weights per tensor)', () => {
    const w = tf.variable(tf.tensor2d([[1, 2], [3, 4]]), true);
    const x = tf.tensor2d([[1, 1]]);
    expect(Array.from(tf.matMul(x, w).dataSync())).toEqual([4, 6]);
    const optimizer = new HostOptimizer({ kind: 'sgd' }, 1, [w]);
    optimizer.apply({ [w.name]: tf.tensor2d([[1, 1], [1, 1]]) });
    expect(Array.from(tf.matMul(x, w).dataSync())).toEqual([2, 4]);
    tf.dispose([w, x]);
  });
});
