import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EpochMessage } from '../../../server/shared/ipc-protocol';
import { countParams } from '@/server/shared/runs/model-config';
import { seededUniform, normal } from '../../../server/shared/seeded-random';
import { defaultPreprocessingSpec } from '../../../server/shared/tabular';
import { importWeights } from '../../../workers/trainer/artifacts';
import { selectBackend } from '../../../workers/trainer/backend';
import { train, type TrainHooks, type TrainRequest } from '../../../workers/trainer/train';
import { divergingOverrides, moonsConfig, moonsRequest } from './fixtures';

/** In-process runs of train(): fast, and they can look at tf.memory() directly. */
function collect(cancelAfterEpoch?: number) {
  const epochs: EpochMessage[] = [];
  const hooks: TrainHooks = {
    onEpoch: (m) => epochs.push(m),
    log: () => undefined,
    isCancelled: () => cancelAfterEpoch !== undefined && epochs.length >= cancelAfterEpoch,
  };
  return { epochs, hooks };
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('train() in process on the wasm backend', () => {
  it('learns two moons, keeps the tensor count flat across epochs and frees everything after', async () => {
    const before = tf.memory().numTensors;
    const { epochs, hooks } = collect();
    const request = moonsRequest({ epochs: 12, earlyStopping: { enabled: false, metric: 'devLoss', patience: 5, restoreBest: false } });
    const outcome = await train(request, hooks);
    expect(outcome.status).toBe('done');
    if (outcome.status !== 'done') return;
    expect(outcome.done.devMetrics).toMatchObject({ accuracy: expect.toSatisfy((a: number) => a >= 0.95) });
    const counts = epochs.map((e) => e.numTensors);
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(outcome.done.paramCount).toBe(countParams(request.config, 2, 2));
    outcome.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stays flat with every option on: batch norm, dropout, leaky ReLU, L2, momentum, decay, best-weight copies', async () => {
    const before = tf.memory().numTensors;
    const { epochs, hooks } = collect();
    const outcome = await train(
      moonsRequest({
        hiddenLayers: [
          { units: 16, activation: 'leakyRelu', dropout: 0.2 },
          { units: 16, activation: 'tanh', dropout: 0.1 },
        ],
        batchNorm: true,
        l2: 1e-3,
        optimizer: { kind: 'momentum', momentum: 0.9 },
        learningRateDecay: 0.05,
        epochs: 8,
        earlyStopping: { enabled: true, metric: 'devAccuracy', patience: 100, restoreBest: true },
      }),
      hooks,
    );
    expect(outcome.status).toBe('done');
    expect(new Set(epochs.slice(1).map((e) => e.numTensors)).size).toBe(1);
    expect(epochs[1]!.learningRate).toBeCloseTo(0.01 * 0.95, 10);
    if (outcome.status === 'done') outcome.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fails with a plain NaN message naming the epoch and the learning rate', async () => {
    const before = tf.memory().numTensors;
    const outcome = await train(moonsRequest(divergingOverrides), collect().hooks);
    expect(outcome).toEqual({
      status: 'failed',
      failed: { type: 'failed', kind: 'nan', epoch: 1, reason: 'loss became NaN at epoch 1; try a lower learning rate (now 10)' },
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('restores the best epoch when early stopping fires', async () => {
    const { epochs, hooks } = collect();
    const outcome = await train(
      moonsRequest({ learningRate: 0.05, epochs: 60, earlyStopping: { enabled: true, metric: 'devLoss', patience: 3, restoreBest: true } }),
      hooks,
    );
    if (outcome.status !== 'done') throw new Error(JSON.stringify(outcome));
    const { done } = outcome;
    const best = epochs[done.bestEpoch - 1]!;
    expect(Math.min(...epochs.map((e) => e.devLoss))).toBe(best.devLoss);
    expect(done.devLoss).toBeCloseTo(best.devLoss, 5);
    if (done.stoppedEarly) expect(done.epochsRun - done.bestEpoch).toBe(3);
    outcome.model.dispose();
  });

  it('is reproducible: same seed, same curve, dropout included', async () => {
    const overrides = { epochs: 3, hiddenLayers: [{ units: 16, activation: 'relu' as const, dropout: 0.3 }] };
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const { epochs, hooks } = collect();
      const outcome = await train(moonsRequest(overrides), hooks);
      if (outcome.status === 'done') outcome.model.dispose();
      runs.push(epochs.map((e) => e.devLoss));
    }
    expect(runs[0]).toEqual(runs[1]);
  });

  it('stops between batches when cancelled', async () => {
    const before = tf.memory().numTensors;
    const outcome = await train(moonsRequest({ epochs: 50 }), collect(2).hooks);
    expect(outcome).toEqual({ status: 'cancelled', epochsCompleted: 2 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('exports weights that load back into an identical model', async () => {
    const request = moonsRequest({ epochs: 3 });
    const outcome = await train(request, collect().hooks);
    if (outcome.status !== 'done') throw new Error('training failed');
    const loaded = await importWeights(outcome.done.weights);
    const x = tf.tensor2d([0.5, 0.25, 1.5, -0.3], [2, 2]);
    const expected = outcome.model.model.predict(x) as tf.Tensor;
    const actual = loaded.predict(x) as tf.Tensor;
    expect(Array.from(await actual.data())).toEqual(Array.from(await expected.data()));
    tf.dispose([x, expected, actual]);
    loaded.dispose();
    outcome.model.dispose();
  });

  it('regresses a linear target with metrics in the target’s own units', async () => {
    const random = seededUniform(7);
    const make = (n: number) => {
      const a = Float64Array.from({ length: n }, () => normal(random));
      const b = Float64Array.from({ length: n }, () => normal(random));
      const y = Float64Array.from({ length: n }, (_, i) => 100 + 30 * a[i]! - 20 * b[i]! + normal(random));
      return { features: { rowCount: n, columns: [{ name: 'a', kind: 'numeric' as const, values: a }, { name: 'b', kind: 'numeric' as const, values: b }] }, target: y };
    };
    const request: TrainRequest = {
      taskKind: 'regression',
      classes: [],
      config: { ...moonsConfig({ hiddenLayers: [], epochs: 30, learningRate: 0.05 }), earlyStopping: { enabled: true, metric: 'devRmse', patience: 5, restoreBest: true } },
      preprocessing: defaultPreprocessingSpec,
      train: make(600),
      dev: make(200),
    };
    const outcome = await train(request, collect().hooks);
    if (outcome.status !== 'done') throw new Error(JSON.stringify(outcome));
    expect(outcome.done.devMetrics).toMatchObject({ r2: expect.toSatisfy((v: number) => v > 0.99) });
    // Noise has std 1, so a good fit has an RMSE near 1 in the target's units (not standardised ones).
    expect((outcome.done.devMetrics as { rmse: number }).rmse).toBeLessThan(1.5);
    expect(outcome.done.confusionMatrix).toBeNull();
    expect(outcome.model.predict(request.dev.features).kind).toBe('regression');
    outcome.model.dispose();
  });
});
