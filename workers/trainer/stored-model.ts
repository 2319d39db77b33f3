import * as tf from '@tensorflow/tfjs';
import type { Predictions, PredictStoredMessage } from '../../server/shared/ipc-protocol';
import { importWeights } from './artifacts';
import { DataError } from './preprocess';
import { TrainedModel } from './train';

export type PredictStoredRequest = Omit<PredictStoredMessage, 'type' | 'requestId'>;

/**
 * Predictions from a finished run's stored artifacts, without retraining: the exported weights
 * load back into the same network, the preprocessing fitted on train is applied unchanged, and
 * the model is disposed afterwards. No process or IPC concerns, so tests can call it in-process.
 */
export async function predictStored(request: PredictStoredRequest): Promise<Predictions> {
  const loaded = await importWeights(request.weights);
  try {
    if (!(loaded instanceof tf.Sequential)) throw new DataError('the stored weights are not a sequential model');
    const outputWidth = loaded.outputs[0]!.shape[1];
    const expected = request.taskKind === 'classification' ? request.classes.length : 1;
    if (outputWidth !== expected) {
      throw new DataError(`the stored model has ${outputWidth} outputs, but the run has ${expected} ${request.taskKind === 'classification' ? 'classes' : 'target'}`);
    }
    const inputWidth = loaded.inputs[0]!.shape[1];
    if (inputWidth !== request.preprocessing.featureNames.length) {
      throw new DataError(`the stored model takes ${inputWidth} inputs, but the preprocessing produces ${request.preprocessing.featureNames.length}`);
    }
    // TrainedModel.predict is the path dev and `predict-test` predictions take: same chunking, same tidy.
    return new TrainedModel(loaded, request.preprocessing, request.taskKind).predict(request.features);
  } finally {
    loaded.dispose();
  }
}
