import * as tf from '@tensorflow/tfjs';
import type { KernelInitializer, ModelConfig, TaskKind } from '../../server/shared/runs/model-config';

/**
 * Builds the tfjs network a ModelConfig describes. Classification models end in a separate
 * softmax layer: training runs every layer but that one and uses softmax cross-entropy on the
 * logits (log of a softmax underflows to NaN long before the fused loss does), while the saved
 * model outputs probabilities.
 */
const LEAKY_RELU_ALPHA = 0.01;

function initializer(spec: KernelInitializer, seed: number) {
  switch (spec.kind) {
    case 'he':
      return tf.initializers.heNormal({ seed });
    case 'glorot':
      return tf.initializers.glorotUniform({ seed });
    case 'randomNormal':
      return tf.initializers.randomNormal({ mean: 0, stddev: spec.stddev, seed });
  }
}

export function buildModel(config: ModelConfig, inputDim: number, outputDim: number, taskKind: TaskKind): tf.Sequential {
  const model = tf.sequential();
  const regularizer = config.l2 > 0 ? tf.regularizers.l2({ l2: config.l2 }) : undefined;
  let inputShape: [number] | undefined = [inputDim];
  // Distinct seeds per layer: one seed everywhere would give same-shaped layers identical weights.
  let layerSeed = config.seed;
  for (const hidden of config.hiddenLayers) {
    model.add(
      tf.layers.dense({
        inputShape,
        units: hidden.units,
        // Batch norm goes between the product and the activation, so both become separate layers.
        activation: hidden.activation === 'leakyRelu' || config.batchNorm ? 'linear' : hidden.activation,
        // Batch norm's beta replaces the bias.
        useBias: !config.batchNorm,
        kernelInitializer: initializer(config.initializer, layerSeed++),
        kernelRegularizer: regularizer,
      }),
    );
    inputShape = undefined;
    if (config.batchNorm) model.add(tf.layers.batchNormalization());
    if (hidden.activation === 'leakyRelu') model.add(tf.layers.leakyReLU({ alpha: LEAKY_RELU_ALPHA }));
    else if (config.batchNorm) model.add(tf.layers.activation({ activation: hidden.activation }));
    if (hidden.dropout > 0) model.add(tf.layers.dropout({ rate: hidden.dropout }));
  }
  model.add(
    tf.layers.dense({
      inputShape,
      units: outputDim,
      activation: 'linear',
      kernelInitializer: initializer(config.initializer, layerSeed++),
      kernelRegularizer: regularizer,
    }),
  );
  if (taskKind === 'classification') model.add(tf.layers.activation({ activation: 'softmax' }));
  return model;
}

/** Logits (classification) or standardised values (regression): the network minus its softmax. */
export function forwardLogits(model: tf.Sequential, x: tf.Tensor, training: boolean, taskKind: TaskKind): tf.Tensor2D {
  const layers = taskKind === 'classification' ? model.layers.slice(0, -1) : model.layers;
  let h = x;
  for (const layer of layers) h = layer.apply(h, { training }) as tf.Tensor;
  return h as tf.Tensor2D;
}

/** The training objective: the data loss (softmax cross-entropy or MSE) plus the layers' L2 penalties. */
export function trainingLoss(model: tf.Sequential, x: tf.Tensor, y: tf.Tensor, taskKind: TaskKind): tf.Scalar {
  const logits = forwardLogits(model, x, true, taskKind);
  const data = taskKind === 'classification' ? tf.losses.softmaxCrossEntropy(y, logits) : tf.losses.meanSquaredError(y, logits);
  const penalties = model.calculateLosses();
  return (penalties.length > 0 ? tf.addN([data, ...penalties]) : data) as tf.Scalar;
}

export function trainableParamCount(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
}

export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}
