import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelConfig, TaskKind } from '@/server/shared/runs/model-config';
import type { EpochMessage } from '../../../server/shared/ipc-protocol';
import { selectBackend } from '../../../workers/trainer/backend';
import { DataParallel, dataParallelThreads, shareRows } from '../../../workers/trainer/data-parallel';
import { buildModel, trainableVariables } from '../../../workers/trainer/model-builder';
import { train, type TrainRequest } from '../../../workers/trainer/train';
import { wideRequest } from './fixtures';

/**
 * Data-parallel training must be the same optimisation as one thread: same losses epoch by epoch
 * and the same final weights, up to float rounding (the gradient is summed in another order).
 */
beforeAll(async () => {
  await selectBackend('wasm');
});

async function run(req: TrainRequest, maxThreads: number) {
  const epochs: EpochMessage[] = [];
  const logs: string[] = [];
  const outcome = await train(req, { onEpoch: (m) => epochs.push(m), log: (_, m) => logs.push(m), isCancelled: () => false }, { maxThreads });
  if (outcome.status !== 'done') throw new Error(`training ${outcome.status}: ${JSON.stringify(outcome)}`);
  const weights = outcome.model.model.getWeights().map((w) => Float32Array.from(w.dataSync() as Float32Array));
  outcome.model.dispose();
  return { epochs, logs, weights, done: outcome.done };
}

function expectClose(actual: number, expected: number, relative: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));
}

describe('dataParallelThreads', () => {
  const mnistMlp = { maxThreads: 2, batchSize: 128, paramCount: 235_146, batchNorm: false, hostOptimizer: true };

  it('splits a large network over the threads it may use, at least 32 rows each', () => {
    expect(dataParallelThreads(mnistMlp)).toBe(2);
    expect(dataParallelThreads({ ...mnistMlp, maxThreads: 8 })).toBe(4);
    expect(dataParallelThreads({ ...mnistMlp, maxThreads: 8, batchSize: 60_000 })).toBe(8);
    expect(dataParallelThreads({ ...mnistMlp, batchSize: 48 })).toBe(1);
  });

  it('stays on one thread for small networks, batch norm, one allowed thread or backends that thread themselves', () => {
    expect(dataParallelThreads({ ...mnistMlp, paramCount: 1_250, batchSize: 32 })).toBe(1);
    expect(dataParallelThreads({ ...mnistMlp, batchNorm: true })).toBe(1);
    expect(dataParallelThreads({ ...mnistMlp, maxThreads: 1 })).toBe(1);
    expect(dataParallelThreads({ ...mnistMlp, hostOptimizer: false })).toBe(1);
  });
});

describe('train() data-parallel over two wasm threads', () => {
  const cases: [string, TaskKind, Partial<ModelConfig>][] = [
    ['classification, Adam', 'classification', {}],
    ['classification, momentum with L2 and learning-rate decay', 'classification', { optimizer: { kind: 'momentum', momentum: 0.9 }, l2: 1e-3, learningRateDecay: 0.1, learningRate: 0.01 }],
    ['regression, RMSprop', 'regression', { optimizer: { kind: 'rmsprop', rho: 0.9 } }],
  ];

  it.each(cases)('%s: the same losses and weights as one thread', async (_, taskKind, overrides) => {
    const req = wideRequest(taskKind, overrides);
    const single = await run(req, 1);
    const parallel = await run(req, 2);
    expect(single.logs.join('\n')).not.toMatch(/data-parallel/);
    expect(parallel.logs.join('\n')).toMatch(/data-parallel over 2 threads/);
    // 1950 rows: the last batch (30 rows) is too small to split and runs on the main thread alone.
    expect(parallel.epochs).toHaveLength(3);
    parallel.epochs.forEach((epoch, i) => {
      expectClose(epoch.trainLoss, single.epochs[i]!.trainLoss, 1e-4);
      expectClose(epoch.devLoss, single.epochs[i]!.devLoss, 1e-4);
    });
    // The run learned something: the comparison is not between two untouched networks.
    expect(parallel.epochs.at(-1)!.devLoss).toBeLessThan(parallel.epochs[0]!.devLoss);
    parallel.weights.forEach((values, k) => {
      const expected = single.weights[k]!;
      const scale = Math.max(...expected.map(Math.abs));
      values.forEach((x, i) => expect(Math.abs(x - expected[i]!), `weight ${k}[${i}]`).toBeLessThan(1e-4 * scale + 1e-6));
    });
  });

  it('keeps the tensor count flat across epochs and frees everything, threads included', async () => {
    const before = tf.memory().numTensors;
    const { epochs } = await run(wideRequest('classification', { epochs: 4 }), 2);
    expect(new Set(epochs.slice(1).map((e) => e.numTensors)).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is reproducible with dropout for a given thread count', async () => {
    const overrides: Partial<ModelConfig> = {
      hiddenLayers: [
        { units: 192, activation: 'relu', dropout: 0.3 },
        { units: 96, activation: 'tanh', dropout: 0.2 },
      ],
    };
    const first = await run(wideRequest('classification', overrides), 2);
    const second = await run(wideRequest('classification', overrides), 2);
    expect(second.epochs.map((e) => e.devLoss)).toEqual(first.epochs.map((e) => e.devLoss));
    expect(second.weights).toEqual(first.weights);
  });
});

describe('DataParallel when a gradient thread cannot do its part', () => {
  const config = wideRequest('classification', {}).config;
  const data = () =>
    shareRows({
      x: Float32Array.from({ length: 256 * 48 }, (_, i) => Math.sin(i)),
      y: Int32Array.from({ length: 256 }, (_, i) => i % 3),
      width: 48,
      taskKind: 'classification',
      classCount: 3,
    });
  const rows = Int32Array.from({ length: 128 }, (_, i) => i);

  it('refuses to start, naming why, when a thread builds a different network', async () => {
    const model = buildModel({ ...config, hiddenLayers: [{ units: 100, activation: 'relu', dropout: 0 }] }, 48, 3, 'classification');
    const network = { model, variables: trainableVariables(model) };
    await expect(DataParallel.start({ threads: 2, config, taskKind: 'classification', outputDim: 3, network, data: data(), maxBatchRows: 128 })).rejects.toThrow(
      'a gradient thread could not start: the gradient thread built a network of a different shape than the trainer',
    );
    model.dispose();
  });

  it('fails the step with the reason once a thread has died, and every later step too', async () => {
    const before = tf.memory().numTensors;
    const model = buildModel(config, 48, 3, 'classification');
    const network = { model, variables: trainableVariables(model) };
    const parallel = await DataParallel.start({ threads: 2, config, taskKind: 'classification', outputDim: 3, network, data: data(), maxBatchRows: 128 });
    await parallel.step(rows, 1e-3);
    const weights = network.variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
    await (parallel as unknown as { workers: { terminate(): Promise<number> }[] }).workers[0]!.terminate();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(parallel.step(rows, 1e-3)).rejects.toThrow(/^gradient thread 1 stopped: it exited with code 1$/);
    await expect(parallel.step(rows, 1e-3)).rejects.toThrow(/gradient thread 1 stopped/);
    // The failed step changed nothing.
    network.variables.forEach((v, k) => expect(Float32Array.from(v.dataSync() as Float32Array)).toEqual(weights[k]));
    await parallel.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
