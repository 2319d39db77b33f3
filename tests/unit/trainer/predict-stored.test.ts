import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseParentMessage, type DoneMessage, type Predictions } from '../../../server/shared/ipc-protocol';
import { selectBackend } from '../../../workers/trainer/backend';
import { predictStored } from '../../../workers/trainer/stored-model';
import { train, type TrainedModel } from '../../../workers/trainer/train';
import { TrainerProcess } from '../../../workers/trainer/trainer-client';
import { moonsPart, moonsRequest } from './fixtures';

/**
 * A finished run's stored artifacts (weights + fitted preprocessing) predict exactly what the
 * trained model predicted, in process and through a fresh child that never trained.
 */
let done: DoneMessage;
let model: TrainedModel;
const test = moonsPart(300, 3).features;

function predictedOf(p: Predictions): number[] {
  if (p.kind !== 'classification') throw new Error('expected classification');
  return Array.from(p.predicted);
}

beforeAll(async () => {
  await selectBackend('wasm');
  const outcome = await train(moonsRequest({ epochs: 8 }), { onEpoch: () => undefined, log: () => undefined, isCancelled: () => false });
  if (outcome.status !== 'done') throw new Error(JSON.stringify(outcome));
  done = outcome.done;
  model = outcome.model;
});

afterAll(() => model?.dispose());

const stored = () => ({ taskKind: 'classification' as const, classes: ['upper', 'lower'], weights: done.weights, preprocessing: done.preprocessing, features: test });

describe('predicting from a stored model', () => {
  it('gives the trained model’s predictions in process, and frees its tensors', async () => {
    const expected = model.predict(test);
    const before = tf.memory().numTensors;
    const actual = await predictStored(stored());
    expect(tf.memory().numTensors).toBe(before);
    expect(predictedOf(actual)).toEqual(predictedOf(expected));
    expect(actual.kind === 'classification' && Array.from(actual.probabilities)).toEqual(expected.kind === 'classification' && Array.from(expected.probabilities));
  });

  it('gives the same predictions through a child that never trained, and refuses a missing column', async () => {
    const trainer = new TrainerProcess({ backend: 'wasm' });
    try {
      await trainer.ready;
      const actual = await trainer.predictStored(stored());
      expect(predictedOf(actual)).toEqual(predictedOf(model.predict(test)));
      const oneColumn = { rowCount: 1, columns: [{ name: 'x', kind: 'numeric' as const, values: new Float64Array(1) }] };
      await expect(trainer.predictStored({ ...stored(), features: oneColumn })).rejects.toThrow('column "y" is missing from the data');
      // The child survives a refused request and answers the next one.
      expect(predictedOf(await trainer.predictStored(stored()))).toHaveLength(300);
      await trainer.close();
      expect(await trainer.exited).toEqual({ code: 0, signal: null });
    } finally {
      trainer.kill();
    }
  }, 30_000);

  it('validates the message: classes must match the fitted preprocessing, and the task kind too', () => {
    const base = { type: 'predict-stored', requestId: '1', ...stored() };
    expect(parseParentMessage(base).ok).toBe(true);
    expect(parseParentMessage({ ...base, classes: ['lower', 'upper'] })).toMatchObject({ ok: false, error: expect.stringContaining('classes: the classes differ') });
    expect(parseParentMessage({ ...base, taskKind: 'regression', classes: [] })).toMatchObject({ ok: false, error: expect.stringContaining('fitted for classification') });
  });

  it('refuses a model whose output width disagrees with the classes', async () => {
    const fitted = { ...done.preprocessing, target: { kind: 'classification' as const, classes: ['a', 'b', 'c'] } };
    await expect(predictStored({ ...stored(), classes: ['a', 'b', 'c'], preprocessing: fitted })).rejects.toThrow('the stored model has 2 outputs, but the run has 3 classes');
  });
});
