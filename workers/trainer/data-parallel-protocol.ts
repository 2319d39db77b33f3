import * as tf from '@tensorflow/tfjs';
import type { ModelConfig, OptimizerConfig, TaskKind } from '../../server/shared/runs/model-config';
import { batchTensors, type HostRows } from './batches';
import { trainingLoss } from './model-builder';
import { hostView } from './optimizers';
import { applyUpdate, type UpdateState } from './update-rules';

/**
 * The step both sides of data-parallel training run (data-parallel.ts on the trainer's main
 * thread, gradient-thread.ts on the others), and the shared memory it runs on. Every thread t:
 *   1. computes the mean gradient of the objective on its share of the batch → gradients[t];
 *   2. waits for all (barrier 1), then updates its own slice of the flat parameter vector with
 *      the row-weighted mean of all threads' gradients (the gradient of the whole batch);
 *   3. arrives at barrier 2; a thread's tensors take the new weights before its next compute.
 * Weights and optimizer state live in shared memory, so the update itself is split between the
 * threads too. Everything per step goes through SharedArrayBuffers and Atomics; messages are
 * used only at start-up.
 */

/** Int32 slots of the control array. */
export const CONTROL = {
  /** Step number the main thread asks for (from 1); `shutdown` ends the threads. */
  step: 0,
  /** Arrivals at barrier 1 (gradients written) and 2 (slice updated), counted over all steps. */
  gradientsArrived: 1,
  weightsArrived: 2,
  length: 3,
  shutdown: -1,
} as const;

export interface SharedTraining {
  threads: number;
  config: ModelConfig;
  optimizer: OptimizerConfig;
  taskKind: TaskKind;
  outputDim: number;
  /** Train rows, read by every thread, written by none. */
  data: HostRows;
  /** Shapes of the trainable variables, in order: each thread checks its own network against them. */
  shapes: number[][];
  /** Start of each variable in the flat parameter vector, plus the total at the end. */
  offsets: number[];
  /** Start of each thread's update slice of the flat vector, plus the total at the end. */
  slices: number[];
  state: UpdateState;
  /** One flat gradient per thread: the mean over its rows. */
  gradients: Float32Array[];
  /** Each thread's share of the batch; [0] is unused (the main thread has its rows at hand). */
  rows: Int32Array[];
  /** Rows in each thread's share this step. */
  counts: Int32Array;
  /** [learning rate] of the current step. */
  scalars: Float64Array;
  control: Int32Array;
  /** Per thread: 1 when its last step threw; the message is in errorTexts[t]. */
  failed: Int32Array;
  errorTexts: Uint8Array[];
}

export interface GradientThreadData {
  shared: SharedTraining;
  /** This thread's index (≥ 1; the main thread is 0). */
  index: number;
  /** Dropout seed of this thread (the main thread keeps the run's). */
  seed: number;
}

export type ThreadReport = { type: 'ready' } | { type: 'failed'; reason: string };

/** A thread's network: its variables and the objective on a share of the batch. */
export interface Network {
  model: tf.Sequential;
  variables: tf.Variable[];
}

/** 1: this thread's gradient for `rows`, written into shared memory. */
export function computeGradients(shared: SharedTraining, network: Network, index: number, rows: ArrayLike<number>): void {
  const target = shared.gradients[index]!;
  if (rows.length === 0) return;
  tf.tidy(() => {
    const batch = batchTensors(shared.data, rows);
    const { variables } = network;
    const { grads } = tf.variableGrads(() => trainingLoss(network.model, batch.x, batch.y, shared.taskKind), variables);
    // Views straight into the wasm heap: nothing allocates between taking them and copying out.
    variables.forEach((variable, k) => {
      const gradient = grads[variable.name];
      if (gradient) target.set(hostView(gradient), shared.offsets[k]);
      else target.fill(0, shared.offsets[k], shared.offsets[k + 1]);
    });
  });
}

/** 2: the optimizer step on this thread's slice, with the row-weighted mean of every thread's gradient. */
export function updateSlice(shared: SharedTraining, index: number, step: number, scratch: Float32Array): void {
  const from = shared.slices[index]!;
  const to = shared.slices[index + 1]!;
  let total = 0;
  for (let t = 0; t < shared.threads; t++) total += shared.counts[t]!;
  const parts: { g: Float32Array; weight: number }[] = [];
  for (let t = 0; t < shared.threads; t++) {
    if (shared.counts[t]! > 0) parts.push({ g: shared.gradients[t]!, weight: shared.counts[t]! / total });
  }
  // The mean gradient, in as few passes as possible: this runs while no thread computes.
  let gradient = scratch;
  if (parts.length === 1) {
    gradient = parts[0]!.g;
  } else if (parts.length === 2) {
    const [a, b] = parts as [(typeof parts)[0], (typeof parts)[0]];
    for (let i = from; i < to; i++) scratch[i] = a.weight * a.g[i]! + b.weight * b.g[i]!;
  } else {
    scratch.fill(0, from, to);
    for (const { g, weight } of parts) for (let i = from; i < to; i++) scratch[i] = scratch[i]! + weight * g[i]!;
  }
  applyUpdate(shared.optimizer, shared.state, gradient, from, to, shared.scalars[0]!, step);
}

/** 3: a thread's tensors take the shared weights (new tensors: XNNPACK caches packed weights per tensor). */
export function loadSharedWeights(shared: SharedTraining, variables: tf.Variable[]): void {
  variables.forEach((variable, k) => {
    const values = tf.tensor(shared.state.weights.subarray(shared.offsets[k]!, shared.offsets[k + 1]!), variable.shape, 'float32');
    variable.assign(values);
    values.dispose();
  });
}

export function arrive(control: Int32Array, slot: number): void {
  Atomics.add(control, slot, 1);
  Atomics.notify(control, slot);
}

/** Blocks until control[slot] ≥ target; false on timeout. */
export function waitAtLeast(control: Int32Array, slot: number, target: number, timeoutMs = Infinity): boolean {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = Atomics.load(control, slot);
    if (value >= target) return true;
    const left = deadline - performance.now();
    if (left <= 0) return false;
    Atomics.wait(control, slot, value, left);
  }
}

export function writeErrorText(target: Uint8Array, text: string): void {
  const bytes = new TextEncoder().encode(text).subarray(0, target.length - 4);
  new DataView(target.buffer, target.byteOffset).setUint32(0, bytes.length);
  target.set(bytes, 4);
}

export function readErrorText(source: Uint8Array): string {
  const length = new DataView(source.buffer, source.byteOffset).getUint32(0);
  // TextDecoder refuses views of shared memory: copy first.
  return new TextDecoder().decode(source.slice(4, 4 + length));
}
