import * as tf from '@tensorflow/tfjs';
import type { TaskKind } from '../../server/shared/runs/model-config';
import type { Metrics, Predictions } from '../../server/shared/ipc-protocol';
import type { FittedPreprocessing } from '../../server/shared/tabular';
import { forwardLogits } from './model-builder';
import { classificationMetrics, regressionMetrics } from '../../server/shared/stats/task-metrics';
import { inverseTransformTarget } from './preprocess';

/**
 * Inference-mode passes in chunks (bounded memory on large dev sets), each inside tf.tidy, with
 * results copied to plain arrays so no tensor outlives the call.
 */
const CHUNK_ROWS = 8192;

export interface ModelInputs {
  x: tf.Tensor2D;
  /** One-hot [n, k] for classification, [n, 1] standardised values for regression. */
  y?: tf.Tensor2D;
}

export interface Evaluation {
  /** Mean data loss (no regulariser), comparable between train and dev. */
  loss: number;
  /** Softmax probabilities (row-major n × k) or standardised regression outputs (n). */
  outputs: Float32Array;
}

export function runInference(model: tf.Sequential, inputs: ModelInputs, taskKind: TaskKind): Evaluation {
  const rows = inputs.x.shape[0];
  const width = taskKind === 'classification' ? (model.outputs[0]!.shape[1] as number) : 1;
  const outputs = new Float32Array(rows * width);
  let lossSum = 0;
  for (let start = 0; start < rows; start += CHUNK_ROWS) {
    const size = Math.min(CHUNK_ROWS, rows - start);
    const [out, loss] = tf.tidy((): tf.Tensor[] => {
      const x = inputs.x.slice([start, 0], [size, -1]);
      const logits = forwardLogits(model, x, false, taskKind);
      const out = taskKind === 'classification' ? tf.softmax(logits) : logits;
      if (!inputs.y) return [out];
      const y = inputs.y.slice([start, 0], [size, -1]);
      const loss =
        taskKind === 'classification'
          ? tf.losses.softmaxCrossEntropy(y, logits, undefined, undefined, tf.Reduction.SUM)
          : tf.losses.meanSquaredError(y, logits, undefined, tf.Reduction.SUM);
      return [out, loss];
    });
    outputs.set(out!.dataSync() as Float32Array, start * width);
    if (loss) lossSum += loss.dataSync()[0]!;
    tf.dispose([out!, ...(loss ? [loss] : [])]);
  }
  return { loss: rows === 0 ? 0 : lossSum / rows, outputs };
}

export function toPredictions(outputs: Float32Array, fitted: FittedPreprocessing): Predictions {
  if (fitted.target.kind === 'regression') {
    return { kind: 'regression', values: inverseTransformTarget(fitted, outputs) };
  }
  const k = fitted.target.classes.length;
  const rows = outputs.length / k;
  const predicted = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (outputs[r * k + c]! > outputs[r * k + best]!) best = c;
    predicted[r] = best;
  }
  return { kind: 'classification', predicted, probabilities: outputs, classCount: k };
}

/** Metrics in the target's own units, from predictions and the raw (unscaled) truth. */
export function scorePredictions(
  predictions: Predictions,
  truth: ArrayLike<number>,
): { metrics: Metrics; confusionMatrix: number[][] | null } {
  if (predictions.kind === 'classification') {
    const { metrics, confusionMatrix } = classificationMetrics(truth, predictions.predicted, predictions.classCount);
    return { metrics, confusionMatrix };
  }
  return { metrics: regressionMetrics(truth, predictions.values), confusionMatrix: null };
}
