import { z } from 'zod';

/**
 * The one schema for a run's model config: the web form, the tRPC input, the stored run row and
 * the trainer child all parse with it, so a config that validates here trains there.
 * Every field is required (no zod defaults) so that input and output types are the same type;
 * `defaultModelConfig` supplies the starting values.
 */
export const TASK_KINDS = ['classification', 'regression'] as const;
export const taskKindSchema = z.enum(TASK_KINDS);
export type TaskKind = z.infer<typeof taskKindSchema>;

export const ACTIVATIONS = ['relu', 'leakyRelu', 'tanh', 'sigmoid', 'elu', 'selu'] as const;
export const activationSchema = z.enum(ACTIVATIONS);
export type Activation = z.infer<typeof activationSchema>;

export const hiddenLayerSchema = z.object({
  units: z.int('units is a whole number').min(1, 'a layer needs at least 1 unit').max(4096, 'at most 4096 units per layer'),
  activation: activationSchema,
  dropout: z.number('dropout must be a number').min(0, 'dropout is 0 (off) or more').max(0.9, 'dropout above 0.9 leaves almost nothing to learn from'),
});
export type HiddenLayer = z.infer<typeof hiddenLayerSchema>;

export const INITIALIZERS = ['he', 'glorot', 'randomNormal'] as const;
export const OPTIMIZERS = ['adam', 'sgd', 'momentum', 'rmsprop'] as const;

export const initializerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('he') }),
  z.object({ kind: z.literal('glorot') }),
  z.object({ kind: z.literal('randomNormal'), stddev: z.number('the standard deviation must be a number').gt(0, 'the standard deviation must be above 0').max(10, 'a standard deviation above 10 saturates every unit; typical: 0.01 … 0.1') }),
]);
export type KernelInitializer = z.infer<typeof initializerSchema>;

const beta = z.number('must be a number').min(0, 'must be 0 or more').lt(1, 'must be below 1');
export const optimizerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sgd') }),
  z.object({ kind: z.literal('momentum'), momentum: beta }),
  z.object({ kind: z.literal('rmsprop'), rho: beta }),
  z.object({ kind: z.literal('adam'), beta1: beta, beta2: beta }),
]);
export type OptimizerConfig = z.infer<typeof optimizerSchema>;

export const EARLY_STOPPING_METRICS = ['devLoss', 'devAccuracy', 'devMacroF1', 'devRmse', 'devMae', 'devR2'] as const;
export const earlyStoppingMetricSchema = z.enum(EARLY_STOPPING_METRICS);
export type EarlyStoppingMetric = z.infer<typeof earlyStoppingMetricSchema>;

/** How a metric reads in a sentence ("watch dev loss"). */
export const METRIC_NAMES: Record<EarlyStoppingMetric, string> = {
  devLoss: 'dev loss',
  devAccuracy: 'dev accuracy',
  devMacroF1: 'dev macro F1',
  devRmse: 'dev RMSE',
  devMae: 'dev MAE',
  devR2: 'dev R²',
};

/** The dev metrics each task computes (what early stopping can watch and a sweep can aim at). */
export const METRICS_FOR_TASK: Record<'classification' | 'regression', readonly EarlyStoppingMetric[]> = {
  classification: ['devLoss', 'devAccuracy', 'devMacroF1'],
  regression: ['devLoss', 'devRmse', 'devMae', 'devR2'],
};

/** The key of a dev metric in an epoch's `devMetrics` (dev loss has a column of its own). */
export const EPOCH_METRIC_KEY: Record<Exclude<EarlyStoppingMetric, 'devLoss'>, string> = { devAccuracy: 'accuracy', devMacroF1: 'macroF1', devRmse: 'rmse', devMae: 'mae', devR2: 'r2' };

/** Metrics where larger is better; the others are minimised. */
export const HIGHER_IS_BETTER: ReadonlySet<EarlyStoppingMetric> = new Set(['devAccuracy', 'devMacroF1', 'devR2']);
const CLASSIFICATION_ONLY: ReadonlySet<EarlyStoppingMetric> = new Set(['devAccuracy', 'devMacroF1']);
const REGRESSION_ONLY: ReadonlySet<EarlyStoppingMetric> = new Set(['devRmse', 'devMae', 'devR2']);

export const earlyStoppingSchema = z.object({
  enabled: z.boolean(),
  metric: earlyStoppingMetricSchema,
  patience: z.int('patience is a whole number of epochs').min(1, 'patience is at least 1 epoch').max(1000, 'patience is at most 1000 epochs'),
  /** Put back the weights of the best epoch at the end (Keras' restore_best_weights). */
  restoreBest: z.boolean(),
});

export const learningRateSchema = z
  .number({ error: 'the learning rate must be a number' })
  .gt(0, 'the learning rate must be above 0')
  .max(10, {
    error: (issue) =>
      `a learning rate of ${String(issue.input)} will diverge; use ≤ 10 (typical: 1e-4 … 1e-1)`,
  });

export const batchSizeSchema = z.union([
  z.int('the batch size is a whole number of rows').min(1, 'a batch needs at least 1 row').max(65536, 'at most 65536 rows per batch'),
  z.literal('full'),
]);

export const modelConfigSchema = z.object({
  /** Bumped when a field changes meaning, so stored configs stay interpretable. */
  version: z.literal(1),
  /** Logistic / softmax regression is an mlp with no hidden layers. */
  family: z.literal('mlp'),
  hiddenLayers: z.array(hiddenLayerSchema).max(32, 'at most 32 hidden layers'),
  initializer: initializerSchema,
  optimizer: optimizerSchema,
  learningRate: learningRateSchema,
  /** Per-epoch exponential decay: the rate at epoch e (from 0) is learningRate × (1 − decay)^e. */
  learningRateDecay: z.number('the decay must be a number').min(0, 'the decay is 0 (none) or more').lt(1, 'a decay of 1 would stop learning after one epoch'),
  batchSize: batchSizeSchema,
  epochs: z.int('epochs is a whole number').min(1, 'train for at least 1 epoch').max(10000, 'at most 10000 epochs'),
  /** Keras semantics: l2 × Σ w² over every dense kernel, added to the loss. */
  l2: z.number('the L2 penalty must be a number').min(0, 'the L2 penalty is 0 (off) or more').max(1, 'an L2 penalty above 1 drowns the data loss; typical: 1e-5 … 1e-2'),
  batchNorm: z.boolean(),
  earlyStopping: earlyStoppingSchema,
  seed: z.int('the seed is a whole number').min(0, 'the seed is 0 or more').max(2 ** 31 - 1, 'the seed is at most 2147483647'),
  /** Refuse to run on a worker without a GPU rather than train slowly on a CPU. */
  needsGpu: z.boolean(),
});
export type ModelConfig = z.infer<typeof modelConfigSchema>;

/** The schema plus the checks that depend on the task (the early-stopping metric must exist). */
export function modelConfigSchemaFor(taskKind: TaskKind) {
  return modelConfigSchema.superRefine((config, ctx) => {
    const metric = config.earlyStopping.metric;
    const wrong = taskKind === 'classification' ? REGRESSION_ONLY : CLASSIFICATION_ONLY;
    if (wrong.has(metric)) {
      ctx.addIssue({
        code: 'custom',
        path: ['earlyStopping', 'metric'],
        message: `${metric} is not computed for ${taskKind}; use devLoss or a ${taskKind} metric`,
      });
    }
  });
}

/**
 * A first run that trains well on typical tabular data in seconds: two ReLU layers with He
 * initialisation, Adam at 1e-3, mini-batches of 64, early stopping on dev loss keeping the best
 * epoch. 200 epochs is an upper bound that early stopping normally cuts short.
 */
export function defaultModelConfig(taskKind: TaskKind): ModelConfig {
  return {
    version: 1,
    family: 'mlp',
    hiddenLayers: [
      { units: 64, activation: 'relu', dropout: 0 },
      { units: 32, activation: 'relu', dropout: 0 },
    ],
    initializer: { kind: 'he' },
    optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999 },
    learningRate: 1e-3,
    learningRateDecay: 0,
    batchSize: 64,
    epochs: 200,
    l2: taskKind === 'classification' ? 1e-4 : 0,
    batchNorm: false,
    earlyStopping: { enabled: true, metric: 'devLoss', patience: 15, restoreBest: true },
    seed: 42,
    needsGpu: false,
  };
}

/** Trainable parameters of the network the config builds, for the form's live summary. */
export function countParams(config: ModelConfig, inputDim: number, outputDim: number): number {
  let total = 0;
  let previous = inputDim;
  for (const layer of config.hiddenLayers) {
    // With batch norm the dense bias is redundant (beta plays its role) and is left out.
    total += previous * layer.units + (config.batchNorm ? 2 * layer.units : layer.units);
    previous = layer.units;
  }
  return total + previous * outputDim + outputDim;
}
