import { z } from 'zod';
import { modelConfigSchema, taskKindSchema } from './runs/model-config';
import {
  fittedPreprocessingSchema,
  float32ArraySchema,
  float64ArraySchema,
  int32ArraySchema,
  preprocessingSpecSchema,
  splitPartSchema,
  tableSchema,
} from './tabular';

/**
 * Messages between the train handler (parent) and the trainer child. The channel is Node's IPC
 * with `serialization: 'advanced'` (V8 structured clone), so typed arrays cross as typed arrays
 * without JSON or base64. Each side validates every message it receives with these schemas.
 *
 * Lifecycle: child boots → `ready`; parent → `start`; child → `epoch`* and `log`*, then exactly
 * one of `done` | `failed` | `cancelled`, after which the child exits on its own. Instead of
 * `start`, the parent may send `predict-stored` (a finished run's weights, fitted preprocessing and
 * test features) to a booted child, any number of times (→ `test-predictions` |
 * `test-predictions-failed`), then disconnects; the child exits on disconnect.
 */
export const PROTOCOL_VERSION = 2;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

// ---- shared ------------------------------------------------------------------------------

/** tfjs layers-model artifacts: model.json's topology plus the concatenated weight bytes. */
export const weightsArtifactSchema = z.object({
  format: z.literal('tfjs-layers-model'),
  modelTopology: z.record(z.string(), z.unknown()),
  weightSpecs: z.array(
    z.object({ name: z.string(), shape: z.array(z.int()), dtype: z.string() }).loose(),
  ),
  weightDataBase64: z.string(),
  byteLength: z.int().min(0),
});
export type WeightsArtifact = z.infer<typeof weightsArtifactSchema>;

// ---- parent → child ------------------------------------------------------------------------

export const startMessageSchema = z
  .object({
    type: z.literal('start'),
    protocolVersion: z.literal(PROTOCOL_VERSION),
    runId: z.string().min(1),
    taskKind: taskKindSchema,
    /** Class names for classification (target values index into it); [] for regression. */
    classes: z.array(z.string()),
    config: modelConfigSchema,
    preprocessing: preprocessingSpecSchema,
    train: splitPartSchema,
    dev: splitPartSchema,
  })
  .superRefine((message, ctx) => {
    if (message.taskKind === 'classification') {
      if (message.classes.length < 2) {
        ctx.addIssue({ code: 'custom', path: ['classes'], message: 'classification needs at least 2 classes' });
      }
      for (const part of ['train', 'dev'] as const) {
        if (!(message[part].target instanceof Int32Array)) {
          ctx.addIssue({ code: 'custom', path: [part, 'target'], message: 'classification targets must be an Int32Array of class indices' });
        }
      }
    } else if (message.classes.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['classes'], message: 'regression runs have no classes' });
    }
  });
export type StartMessage = z.infer<typeof startMessageSchema>;

/**
 * Predictions from a stored model, without training: the run's exported weights and its fitted
 * preprocessing are loaded as they were at the end of training. Test features only, as above;
 * answered with `test-predictions` or `test-predictions-failed` (same requestId).
 */
export const predictStoredMessageSchema = z
  .object({
    type: z.literal('predict-stored'),
    requestId: z.string().min(1),
    taskKind: taskKindSchema,
    /** The run's class names in index order; [] for regression. */
    classes: z.array(z.string()),
    weights: weightsArtifactSchema,
    preprocessing: fittedPreprocessingSchema,
    features: tableSchema,
  })
  .superRefine((message, ctx) => {
    const target = message.preprocessing.target;
    if (target.kind !== message.taskKind) {
      ctx.addIssue({ code: 'custom', path: ['preprocessing', 'target', 'kind'], message: `the preprocessing was fitted for ${target.kind}, not ${message.taskKind}` });
    } else if (target.kind === 'classification' && target.classes.join('\u0000') !== message.classes.join('\u0000')) {
      ctx.addIssue({ code: 'custom', path: ['classes'], message: 'the classes differ from those the preprocessing was fitted with' });
    } else if (target.kind === 'regression' && message.classes.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['classes'], message: 'regression runs have no classes' });
    }
  });
export type PredictStoredMessage = z.infer<typeof predictStoredMessageSchema>;

export const cancelMessageSchema = z.object({ type: z.literal('cancel') });

export const parentMessageSchema = z.discriminatedUnion('type', [
  startMessageSchema,
  predictStoredMessageSchema,
  cancelMessageSchema,
]);
export type ParentMessage = z.infer<typeof parentMessageSchema>;

// ---- child → parent ------------------------------------------------------------------------

export const classificationMetricsSchema = z.object({ accuracy: finite, macroF1: finite });
export const regressionMetricsSchema = z.object({ rmse: finite, mae: finite, r2: finite });
export const metricsSchema = z.union([classificationMetricsSchema, regressionMetricsSchema]);
export type Metrics = z.infer<typeof metricsSchema>;

export const readyMessageSchema = z.object({
  type: z.literal('ready'),
  protocolVersion: z.literal(PROTOCOL_VERSION),
  /** tfjs backend name: tensorflow | wasm | cpu. */
  backend: z.string(),
  /** Our choice that ran: tfjs-node-gpu | tfjs-node | wasm | wasm-stock | cpu. */
  backendChoice: z.string(),
  device: z.string(),
  gpu: z.boolean(),
  tfjsVersion: z.string(),
  nativeVersion: z.string().optional(),
  /** Why faster backends were not used, e.g. "tfjs-node: not installed". */
  skipped: z.array(z.string()),
});
export type ReadyMessage = z.infer<typeof readyMessageSchema>;

export const epochMessageSchema = z.object({
  type: z.literal('epoch'),
  /** 1-based. */
  epoch: z.int().min(1),
  learningRate: finite,
  /** Data loss on (a fixed sample of up to 10k rows of) train, in inference mode, like devLoss. */
  trainLoss: finite,
  trainMetrics: metricsSchema,
  devLoss: finite,
  devMetrics: metricsSchema,
  /** Wall time of the epoch, training plus evaluation. */
  epochMs: finite,
  /** Training throughput of the epoch's gradient steps alone. */
  samplesPerSec: finite,
  /** Live tfjs tensors after the epoch: flat from epoch 2 on, or the trainer leaks. */
  numTensors: z.int(),
});
export type EpochMessage = z.infer<typeof epochMessageSchema>;

export const logMessageSchema = z.object({
  type: z.literal('log'),
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string(),
});
export type LogMessage = z.infer<typeof logMessageSchema>;

export const predictionsSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('classification'),
    /** Predicted class index per row. */
    predicted: int32ArraySchema,
    /** Row-major rows × classCount class probabilities. */
    probabilities: float32ArraySchema,
    classCount: z.int().min(2),
  }),
  z.object({ kind: z.literal('regression'), values: float64ArraySchema }),
]);
export type Predictions = z.infer<typeof predictionsSchema>;

export const doneMessageSchema = z.object({
  type: z.literal('done'),
  epochsRun: z.int().min(1),
  /** Epoch whose weights the final model holds (the best one when early stopping restores). */
  bestEpoch: z.int().min(1),
  stoppedEarly: z.boolean(),
  devLoss: finite,
  devMetrics: metricsSchema,
  /** Per dev row, in the order the dev rows were sent. */
  devPredictions: predictionsSchema,
  /** counts[true][predicted]; null for regression. */
  confusionMatrix: z.array(z.array(z.int())).nullable(),
  paramCount: z.int(),
  weights: weightsArtifactSchema,
  preprocessing: fittedPreprocessingSchema,
  trainingMs: finite,
});
export type DoneMessage = z.infer<typeof doneMessageSchema>;

export const FAILURE_KINDS = ['nan', 'oom', 'backend', 'data', 'internal'] as const;
export const failedMessageSchema = z.object({
  type: z.literal('failed'),
  kind: z.enum(FAILURE_KINDS),
  /** Plain language, safe to show the run's owner, with the next thing to try. */
  reason: z.string().min(1),
  epoch: z.int().min(1).optional(),
});
export type FailedMessage = z.infer<typeof failedMessageSchema>;

/** Cancel honoured: training stopped between batches; no artifacts. */
export const cancelledMessageSchema = z.object({
  type: z.literal('cancelled'),
  epochsCompleted: z.int().min(0),
});

export const testPredictionsMessageSchema = z.object({
  type: z.literal('test-predictions'),
  requestId: z.string().min(1),
  predictions: predictionsSchema,
});

/** A predict-stored request that could not be served (e.g. a column is missing); the run is unaffected. */
export const testPredictionsFailedMessageSchema = z.object({
  type: z.literal('test-predictions-failed'),
  requestId: z.string(),
  reason: z.string().min(1),
});

export const childMessageSchema = z.discriminatedUnion('type', [
  readyMessageSchema,
  epochMessageSchema,
  logMessageSchema,
  doneMessageSchema,
  failedMessageSchema,
  cancelledMessageSchema,
  testPredictionsMessageSchema,
  testPredictionsFailedMessageSchema,
]);
export type ChildMessage = z.infer<typeof childMessageSchema>;

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`)
    .join('; ');
}

export type Parsed<T> = { ok: true; message: T } | { ok: false; error: string };

export function parseParentMessage(raw: unknown): Parsed<ParentMessage> {
  const result = parentMessageSchema.safeParse(raw);
  return result.success ? { ok: true, message: result.data } : { ok: false, error: describeIssues(result.error) };
}

export function parseChildMessage(raw: unknown): Parsed<ChildMessage> {
  const result = childMessageSchema.safeParse(raw);
  return result.success ? { ok: true, message: result.data } : { ok: false, error: describeIssues(result.error) };
}
