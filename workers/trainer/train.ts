import * as tf from '@tensorflow/tfjs';
import type { DoneMessage, EpochMessage, FailedMessage, LogMessage, Predictions, StartMessage } from '../../server/shared/ipc-protocol';
import { HIGHER_IS_BETTER, type ModelConfig, type TaskKind } from '../../server/shared/runs/model-config';
import { permutation, seededUniform, seedMathRandom } from '../../server/shared/seeded-random';
import type { FittedPreprocessing, Table, TargetValues } from '../../server/shared/tabular';
import { exportWeights } from './artifacts';
import { runInference, scorePredictions, toPredictions, type Evaluation } from './evaluate';
import { TrainingFailure, toFailedMessage } from './failure';
import { batchTensors, targetTensor, type HostRows } from './batches';
import { DataParallel, dataParallelThreads, shareRows } from './data-parallel';
import { buildModel, trainableParamCount, trainableVariables, trainingLoss } from './model-builder';
import { buildOptimizer, usesHostOptimizer, type OptimizerStep } from './optimizers';
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

function earlyStoppingValue(metric: ModelConfig['earlyStopping']['metric'], devLoss: number, metrics: EpochMessage['devMetrics']): number {
  if (metric === 'devLoss') return devLoss;
  const key = { devAccuracy: 'accuracy', devMacroF1: 'macroF1', devRmse: 'rmse', devMae: 'mae', devR2: 'r2' }[metric];
  const value = (metrics as Record<string, number>)[key];
  if (value === undefined) throw new DataError(`${metric} is not computed for this task`);
  return value;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface TrainOptions {
  /** Most threads this run may use (data-parallel on wasm, see data-parallel.ts); default 1. */
  maxThreads?: number;
}

export async function train(request: TrainRequest, hooks: TrainHooks, options: TrainOptions = {}): Promise<TrainOutcome> {
  const { config, taskKind, classes } = request;
  const restoreRandom = seedMathRandom(config.seed);
  const owned: tf.Tensor[] = [];
  let best: tf.Tensor[] = [];
  let model: tf.Sequential | undefined;
  let optimizer: OptimizerStep | undefined;
  let parallel: DataParallel | undefined;
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

    // Train rows stay on the host; each batch is copied into fresh tensors (batches.ts).
    let trainRows: HostRows = {
      x: transformFeatures(fitted, request.train.features),
      y: transformTarget(fitted, request.train.target),
      width,
      taskKind,
      classCount,
    };
    const xDev = tf.tensor2d(transformFeatures(fitted, request.dev.features), [nDev, width]);
    const yDev = targetTensor(transformTarget(fitted, request.dev.target), taskKind, classCount);
    owned.push(xDev, yDev);

    const shuffleRandom = seededUniform(config.seed);
    const evalRows = n <= TRAIN_EVAL_ROWS ? null : permutation(n, seededUniform(config.seed + 1)).slice(0, TRAIN_EVAL_ROWS);
    const trainEvalInputs = batchTensors(trainRows, evalRows ?? Int32Array.from({ length: n }, (_, i) => i));
    owned.push(trainEvalInputs.x, trainEvalInputs.y);
    const trainEvalTruth: TargetValues = evalRows
      ? Float64Array.from(evalRows, (row) => request.train.target[row]!)
      : request.train.target;

    model = buildModel(config, width, taskKind === 'classification' ? classCount : 1, taskKind);
    const variables = trainableVariables(model);
    const paramCount = trainableParamCount(model);
    const batchSize = config.batchSize === 'full' ? n : Math.min(config.batchSize, n);
    const threads = dataParallelThreads({
      maxThreads: options.maxThreads ?? 1,
      batchSize,
      paramCount,
      batchNorm: config.batchNorm,
      hostOptimizer: usesHostOptimizer(),
    });
    if (threads > 1) {
      try {
        trainRows = shareRows(trainRows);
        const network = { model, variables };
        parallel = await DataParallel.start({ threads, config, taskKind, outputDim: classCount, network, data: trainRows, maxBatchRows: batchSize });
      } catch (error) {
        hooks.log('warn', `training on one thread: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    // Data-parallel steps carry their own optimizer state, in the memory the threads share.
    optimizer = parallel ? undefined : buildOptimizer(config.optimizer, config.learningRate, variables);
    const threadNote = parallel ? `, data-parallel over ${parallel.threads} threads` : '';
    hooks.log('info', `${n} train rows, ${nDev} dev rows, ${width} input features, ${paramCount} parameters, batch size ${batchSize}, backend ${tf.getBackend()}${threadNote}`);

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
      optimizer?.setLearningRate(learningRate);
      const order = permutation(n, shuffleRandom);
      for (let start = 0; start < n; start += batchSize) {
        // The cancel message is delivered by the event loop, hence the yield after each batch.
        if (hooks.isCancelled()) {
          outcome = { status: 'cancelled', epochsCompleted: epoch - 1 };
          return outcome;
        }
        const rows = order.subarray(start, start + batchSize);
        if (parallel) {
          await parallel.step(rows, learningRate);
        } else {
          tf.tidy(() => {
            const batch = batchTensors(trainRows, rows);
            optimizer!.apply(tf.variableGrads(() => trainingLoss(model!, batch.x, batch.y, taskKind), variables).grads);
          });
        }
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
    await parallel?.dispose();
    tf.dispose([...owned, ...best]);
    optimizer?.dispose();
    if (outcome?.status !== 'done') model?.dispose();
  }
}
