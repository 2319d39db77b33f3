import { afterEach, describe, expect, it } from 'vitest';
import type { EpochMessage } from '../../../server/shared/ipc-protocol';
import { TrainerProcess } from '../../../workers/trainer/trainer-client';
import { divergingOverrides, moonsRequest, wideRequest } from './fixtures';

/**
 * The real path: `child_process.fork` of the bundled trainer child (child-bundle.ts), IPC with structured
 * clone, every message validated on both sides.
 */
const trainers: TrainerProcess[] = [];
function spawn(onEpoch?: (m: EpochMessage) => void) {
  const trainer = new TrainerProcess({ backend: 'wasm', onEpoch });
  trainers.push(trainer);
  return trainer;
}

afterEach(async () => {
  for (const trainer of trainers.splice(0)) trainer.kill();
});

describe('trainer child process', () => {
  it('reports its backend, trains two moons to ≥ 0.95 dev accuracy, and exits once it has reported', async () => {
    const epochs: EpochMessage[] = [];
    const trainer = spawn((m) => epochs.push(m));
    const ready = await trainer.ready;
    expect(ready).toMatchObject({ backend: 'wasm', backendChoice: 'wasm', gpu: false, tfjsVersion: '4.22.0' });

    const request = moonsRequest();
    const outcome = await trainer.start({ runId: 'moons', ...request });
    if (outcome.type !== 'done') throw new Error(JSON.stringify(outcome));
    expect((outcome.devMetrics as { accuracy: number }).accuracy).toBeGreaterThanOrEqual(0.95);
    expect(outcome.devPredictions).toMatchObject({ kind: 'classification', classCount: 2 });
    expect(outcome.devPredictions.kind === 'classification' && outcome.devPredictions.predicted.length).toBe(400);
    expect(outcome.confusionMatrix!.flat().reduce((a, b) => a + b, 0)).toBe(400);
    expect(outcome.weights.byteLength).toBe(outcome.paramCount * 4);
    expect(outcome.preprocessing.featureNames).toEqual(['x', 'y']);
    expect(epochs.length).toBe(outcome.epochsRun);
    expect(new Set(epochs.slice(1).map((e) => e.numTensors)).size).toBe(1);
    // A run's child serves that run only: after its outcome it is gone, with nothing held.
    expect(await trainer.exited).toEqual({ code: 0, signal: null });
  }, 120_000);

  it('trains a wider network data-parallel, its gradient thread started from the bundle beside the child', async () => {
    const logs: string[] = [];
    const trainer = new TrainerProcess({ backend: 'wasm', threads: 2, onLog: (m) => logs.push(m.message) });
    trainers.push(trainer);
    expect((await trainer.ready).device).toMatch(/wasm SIMD, up to 2 threads$/);
    const outcome = await trainer.start({ runId: 'wide', ...wideRequest('classification', { epochs: 8, learningRate: 3e-3 }) });
    if (outcome.type !== 'done') throw new Error(JSON.stringify(outcome));
    expect(logs.join('\n')).toMatch(/data-parallel over 2 threads/);
    expect(logs.join('\n')).not.toMatch(/training on one thread/);
    expect((outcome.devMetrics as { accuracy: number }).accuracy).toBeGreaterThan(0.85);
    await trainer.close();
  }, 30_000);

  it('fails with the NaN reason and exits', async () => {
    const trainer = spawn();
    const outcome = await trainer.start({ runId: 'nan', ...moonsRequest(divergingOverrides) });
    expect(outcome).toEqual({ type: 'failed', kind: 'nan', epoch: 1, reason: 'loss became NaN at epoch 1; try a lower learning rate (now 10)' });
    expect((await trainer.exited).code).toBe(0);
  }, 30_000);

  it('honours cancel between batches and exits', async () => {
    let firstEpoch!: () => void;
    const sawEpoch = new Promise<void>((resolve) => (firstEpoch = resolve));
    const trainer = spawn(() => firstEpoch());
    const outcome = trainer.start({ runId: 'cancel', ...moonsRequest({ epochs: 10_000, earlyStopping: { enabled: false, metric: 'devLoss', patience: 1, restoreBest: false } }) });
    await sawEpoch;
    const cancelled = await trainer.cancel(5_000);
    expect(cancelled).toMatchObject({ type: 'cancelled' });
    expect(await outcome).toBe(cancelled);
    expect(await trainer.exited).toEqual({ code: 0, signal: null });
  }, 30_000);

  it('refuses a GPU-only run on a CPU backend with a reason', async () => {
    const trainer = spawn();
    const outcome = await trainer.start({ runId: 'gpu', ...moonsRequest({ needsGpu: true }) });
    expect(outcome).toMatchObject({ type: 'failed', kind: 'backend', reason: expect.stringMatching(/needs a GPU, but this worker trains on wasm/) });
  }, 30_000);
});
