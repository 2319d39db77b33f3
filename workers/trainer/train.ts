import * as tf from '@tensorflow/tfjs';
import type { DoneMessage, EpochMessage, FailedMessage, LogMessage, Predictions, StartMessage } from '../shared/ipc-protocol';
import { HIGHER_IS_BETTER, type ModelConfig, type TaskKind } from '../../server/domain/runs/model-config';
import { seededUniform, permutation } from '../shared/seeded-random';
import type { FittedPreprocessing, Table, TargetValues } from '../shared/tabular';
import { exportWeights } from './artifacts';
import { runInference, scorePredictions, toPredictions, type Evaluation } from './evaluate';
import { TrainingFailure, toFailedMessage } from './failure';
import { buildModel, forwardLogits, trainableParamCount, trainableVariables } from './model-builder';
import { buildOptimizer, type OptimizerStep } from './optimizers';
import { DataError, fitPreprocessing, transformFeatures, transformTarget } from './preprocess';

/**
 * One training run: fit preprocessing on train, build the model, run a manual epoch loop (seeded
 * shuffles, cancel checked between batches, dev evaluation and early stopping per epoch), then
 * export weights and dev predictions. No process or IPC concerns: child.ts wires this to
 * messages, and tests can call it in-process.
 */
export type TrainRequest = Omit<StartMessage, 'type' | 'protocolVersion' | 'runId'>;

export interface TrainHooks {
  onEpoch(message: EpochMessage): void;
  log(level: LogMessage['level'], message: string): void;
  isCancelled(): boolean;
}

export type TrainOutcome =
  | { status: 'done'; done: DoneMessage; model: TrainedModel }
  | { status: 'cancelled'; epochsCompleted: number }
  | { status: 'failed'; failed: FailedMessage };

/** Train metrics come from a fixed sample: a full pass over a huge train set each epoch costs too much. */
const TRAIN_EVAL_ROWS = 10_000;
/** wasm memory is 32-bit (≤ 4 GB); leave room for weights, optimizer state and temporaries. */
const WASM_DATA_BYTES_LIMIT = 1.5e9;

/** A trained network plus the preprocessing it expects, kept alive for `predict-test`. */
export class TrainedModel {
  constructor(
    readonly model: tf.Sequential,
    readonly fitted: FittedPreprocessing,
    readonly taskKind: TaskKind,
  ) {}

  predict(features: Table): Predictions {
    const host = transformFeatures(this.fitted, features);
    const x = tf.tensor2d(host, [features.rowCount, this.fitted.featureNames.length]);
    try {
      return toPredictions(runInference(this.model, { x }, this.taskKind).outputs, this.fitted);
    } finally {
      x.dispose();
    }
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** Rows of a row-major host matrix, in the given order, as a new array (tensors may keep it). */
function gatherRows<T extends Float32Array | Int32Array>(host: T, width: number, rows: Int32Array): T {
  const out = new (host.constructor as new (length: number) => T)(rows.length * width);
  for (let i = 0; i < rows.length; i++) {
    const from = rows[i]! * width;
    out.set(host.subarray(from, from + width), i * width);
  }
  return out;
}

function targetTensor(values: Float32Array | Int32Array, taskKind: TaskKind, classCount: number): tf.Tensor2D {
  return tf.tidy(() =>
    taskKind === 'classification'
      ? (tf.oneHot(tf.tensor1d(values, 'int32'), classCount).toFloat() as tf.Tensor2D)
      : tf.tensor2d(values, [values.length, 1]),
  );
}

function earlyStoppingValue(metric: ModelConfig['earlyStopping']['metric'], devLoss: number, metrics: EpochMessage['devMetrics']): number {
  if (metric === 'devLoss') return devLoss;
  const key = { devAccuracy: 'accuracy', devMacroF1: 'macroF1', devRmse: 'rmse', devMae: 'mae', devR2: 'r2' }[metric];
  const value = (metrics as Record<string, number>)[key];
  if (value === undefined) throw new DataError(`${metric} is not computed for this task`);
  return value;
}

/**
 * tfjs draws dropout masks from seedrandom seeded by Math.random, with no way to pass a seed that
 * changes per step. Seeding Math.random for the duration of training makes dropout reproducible;
 * the trainer child is a single-purpose process, and the original is restored afterwards.
 */
function seedMathRandom(seed: number): () => void {
  const original = Math.random;
  Math.random = seededUniform(seed ^ 0x5bd1e995);
  return () => {
    Math.random = original;
  };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function train(request: TrainRequest, hooks: TrainHooks): Promise<TrainOutcome> {
  const { config, taskKind, classes } = request;
  const restoreRandom = seedMathRandom(config.seed);
  const owned: tf.Tensor[] = [];
  let best: tf.Tensor[] = [];
  let model: tf.Sequential | undefined;
  let optimizer: OptimizerStep | undefined;
  let epoch = 0;
  let outcome: TrainOutcome | undefined;
  try {
    const started = performance.now();
    const fitted = fitPreprocessing(request.train.features, request.train.target, taskKind, classes, request.preprocessing);
    const n = request.train.features.rowCount;
    const nDev = request.dev.features.rowCount;
    if (nDev === 0) throw new DataError('the dev split has no rows');
    const width = fitted.featureNames.length;
    const classCount = taskKind === 'classification' ? classes.length : 1;
    // Train rows live on the host; the backend holds dev plus the train-evaluation sample.
    const deviceBytes = (nDev + Math.min(n, TRAIN_EVAL_ROWS)) * (width + classCount) * 4;
    if (tf.getBackend() === 'wasm' && deviceBytes > WASM_DATA_BYTES_LIMIT) {
      throw new TrainingFailure('oom', `the dev split needs ${(deviceBytes / 1e9).toFixed(1)} GB as tensors after one-hot encoding, more than the wasm backend can hold (about ${WASM_DATA_BYTES_LIMIT / 1e9} GB); lower maxCategories or use a worker with tfjs-node`);
    }

    // Train rows stay on the host and each batch is copied into a fresh tensor: wasm's Gather
    // kernel took 3–4 ms per 128×784 batch, a third of a training step.
    const xTrainHost = transformFeatures(fitted, request.train.features);
    const yTrainHost = transformTarget(fitted, request.train.target);
    const xDev = tf.tensor2d(transformFeatures(fitted, request.dev.features), [nDev, width]);
    const yDev = targetTensor(transformTarget(fitted, request.dev.target), taskKind, classCount);
    owned.push(xDev, yDev);
    const batchTensors = (rows: Int32Array) => ({
      x: tf.tensor2d(gatherRows(xTrainHost, width, rows), [rows.length, width]),
      y: targetTensor(gatherRows(yTrainHost, 1, rows), taskKind, classCount),
    });

    const shuffleRandom = seededUniform(config.seed);
    const evalRows = n <= TRAIN_EVAL_ROWS ? null : permutation(n, seededUniform(config.seed + 1)).slice(0, TRAIN_EVAL_ROWS);
    const trainEvalInputs = batchTensors(evalRows ?? Int32Array.from({ length: n }, (_, i) => i));
    owned.push(trainEvalInputs.x, trainEvalInputs.y);
    const trainEvalTruth: TargetValues = evalRows
      ? Float64Array.from(evalRows, (row) => request.train.target[row]!)
      : request.train.target;

    model = buildModel(config, width, taskKind === 'classification' ? classCount : 1, taskKind);
    const variables = trainableVariables(model);
    optimizer = buildOptimizer(config.optimizer, config.learningRate, variables);
    const paramCount = trainableParamCount(model);
    const batchSize = config.batchSize === 'full' ? n : Math.min(config.batchSize, n);
    hooks.log('info', `${n} train rows, ${nDev} dev rows, ${width} input features, ${paramCount} parameters, batch size ${batchSize}, backend ${tf.getBackend()}`);

    const objective = (xb: tf.Tensor, yb: tf.Tensor): tf.Scalar => {
      const logits = forwardLogits(model!, xb, true, taskKind);
      const data = taskKind === 'classification' ? tf.losses.softmaxCrossEntropy(yb, logits) : tf.losses.meanSquaredError(yb, logits);
      const penalties = model!.calculateLosses();
      return (penalties.length > 0 ? tf.addN([data, ...penalties]) : data) as tf.Scalar;
    };
    const evaluate = (inputs: { x: tf.Tensor2D; y: tf.Tensor2D }, truth: ArrayLike<number>) => {
      const evaluation: Evaluation = runInference(model!, inputs, taskKind);
      const predictions = toPredictions(evaluation.outputs, fitted);
      return { loss: evaluation.loss, predictions, ...scorePredictions(predictions, truth) };
    };

    const stopping = config.earlyStopping;
    const higherIsBetter = HIGHER_IS_BETTER.has(stopping.metric);
    let bestValue = Number.NaN;
    let bestEpoch = 0;
    let sinceBest = 0;
    let stoppedEarly = false;

    for (epoch = 1; epoch <= config.epochs; epoch++) {
      const epochStart = performance.now();
      const learningRate = config.learningRate * (1 - config.learningRateDecay) ** (epoch - 1);
      optimizer.setLearningRate(learningRate);
      const order = permutation(n, shuffleRandom);
      for (let start = 0; start < n; start += batchSize) {
        // The cancel message is delivered by the event loop, hence the yield after each batch.
        if (hooks.isCancelled()) {
          outcome = { status: 'cancelled', epochsCompleted: epoch - 1 };
          return outcome;
        }
        tf.tidy(() => {
          const batch = batchTensors(order.subarray(start, start + batchSize));
          optimizer!.apply(tf.variableGrads(() => objective(batch.x, batch.y), variables).grads);
        });
        await yieldToEventLoop();
      }
      const trainMs = performance.now() - epochStart;

      const trainEval = evaluate(trainEvalInputs, trainEvalTruth);
      const devEval = evaluate({ x: xDev, y: yDev }, request.dev.target);
      if (!Number.isFinite(trainEval.loss) || !Number.isFinite(devEval.loss)) {
        throw new TrainingFailure('nan', `loss became NaN at epoch ${epoch}; try a lower learning rate (now ${config.learningRate})`, epoch);
      }
      hooks.onEpoch({
        type: 'epoch',
        epoch,
        learningRate,
        trainLoss: trainEval.loss,
        trainMetrics: trainEval.metrics,
        devLoss: devEval.loss,
        devMetrics: devEval.metrics,
        epochMs: performance.now() - epochStart,
        samplesPerSec: n / (trainMs / 1000),
        numTensors: tf.memory().numTensors,
      });

      const value = earlyStoppingValue(stopping.metric, devEval.loss, devEval.metrics);
      const improved = bestEpoch === 0 || (higherIsBetter ? value > bestValue : value < bestValue);
      if (improved) {
        bestValue = value;
        bestEpoch = epoch;
        sinceBest = 0;
        if (stopping.enabled && stopping.restoreBest) {
          tf.dispose(best);
          best = tf.tidy(() => model!.getWeights().map((w) => w.clone()));
        }
      } else if (stopping.enabled && ++sinceBest >= stopping.patience) {
        stoppedEarly = true;
        hooks.log('info', `early stopping at epoch ${epoch}: ${stopping.metric} has not improved for ${stopping.patience} epochs (best ${bestValue.toPrecision(4)} at epoch ${bestEpoch})`);
        break;
      }
    }
    const epochsRun = Math.min(epoch, config.epochs);
    const restored = stopping.enabled && stopping.restoreBest && best.length > 0 && bestEpoch !== epochsRun;
    if (restored) model.setWeights(best);

    const final = evaluate({ x: xDev, y: yDev }, request.dev.target);
    const done: DoneMessage = {
      type: 'done',
      epochsRun,
      bestEpoch: restored ? bestEpoch : epochsRun,
      stoppedEarly,
      devLoss: final.loss,
      devMetrics: final.metrics,
      devPredictions: final.predictions,
      confusionMatrix: final.confusionMatrix,
      paramCount,
      weights: await exportWeights(model),
      preprocessing: fitted,
      trainingMs: performance.now() - started,
    };
    outcome = { status: 'done', done, model: new TrainedModel(model, fitted, taskKind) };
    return outcome;
  } catch (error) {
    const failed = toFailedMessage(error, epoch > 0 ? epoch : undefined);
    if (failed.kind === 'internal' || failed.kind === 'backend') hooks.log('error', error instanceof Error ? (error.stack ?? error.message) : String(error));
    outcome = { status: 'failed', failed };
    return outcome;
  } finally {
    restoreRandom();
    tf.dispose([...owned, ...best]);
    optimizer?.dispose();
    if (outcome?.status !== 'done') model?.dispose();
  }
}
