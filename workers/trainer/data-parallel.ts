import * as tf from '@tensorflow/tfjs';
import { Worker } from 'node:worker_threads';
import type { ModelConfig, TaskKind } from '../../server/shared/runs/model-config';
import type { HostRows } from './batches';
import {
  arrive,
  computeGradients,
  CONTROL,
  loadSharedWeights,
  readErrorText,
  updateSlice,
  waitAtLeast,
  type GradientThreadData,
  type Network,
  type SharedTraining,
  type ThreadReport,
} from './data-parallel-protocol';
import { gradientThreadEntry } from './data-parallel-entry';
import { stateArraysNeeded } from './update-rules';

/**
 * Data-parallel training on the wasm backend, which computes on one thread per instance: each
 * step's batch is split between the trainer's main thread and gradient threads (gradient-thread.ts),
 * each with its own wasm instance and copy of the network; the step itself is in
 * data-parallel-protocol.ts. The result is the same optimizer step as on one thread up to float
 * rounding, except dropout: each thread draws its own masks (seeded per thread), so a run with
 * dropout is reproducible for a given thread count. Batch normalisation would normalise each
 * share with its own statistics: such runs stay on one thread.
 */

/** Fewer rows per thread and the products get too thin for wasm's matmul to pay off. */
const MIN_ROWS_PER_THREAD = 32;
/**
 * A step exchanges about four passes over the parameters; below ~20 MFLOP of arithmetic per step
 * that exchange would eat the gain. 784-256-128-10 at batch 128 is 180 MFLOP;
 * two moons' networks are far below.
 */
const MIN_STEP_FLOPS = 2e7;
/**
 * A thread that has not reached a barrier within 50 of the slowest steps so far (at least 10 s;
 * 60 s for the first, which warms the kernels up) is hung or dead, not slow. The main thread
 * blocks while it waits, so it cannot hear of a thread's death any sooner.
 */
const FIRST_STEP_TIMEOUT_MS = 60_000;
const MIN_BARRIER_TIMEOUT_MS = 10_000;
const BOOT_TIMEOUT_MS = 60_000;

export function dataParallelThreads(plan: {
  maxThreads: number;
  batchSize: number;
  paramCount: number;
  batchNorm: boolean;
  hostOptimizer: boolean;
}): number {
  if (plan.maxThreads < 2 || !plan.hostOptimizer || plan.batchNorm) return 1;
  // Forward and backward: ≈ 6 floating-point operations per parameter per row.
  if (6 * plan.paramCount * plan.batchSize < MIN_STEP_FLOPS) return 1;
  return Math.max(1, Math.min(plan.maxThreads, Math.floor(plan.batchSize / MIN_ROWS_PER_THREAD)));
}

/** A copy of the train rows in shared memory, read by every thread. */
export function shareRows(rows: HostRows): HostRows {
  const share = <T extends Float32Array | Int32Array>(values: T): T => {
    const shared = new (values.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(values.byteLength));
    shared.set(values);
    return shared;
  };
  return { ...rows, x: share(rows.x), y: share(rows.y) };
}

const floats = (length: number) => new Float32Array(new SharedArrayBuffer(length * 4));

export interface DataParallelOptions {
  threads: number;
  config: ModelConfig;
  taskKind: TaskKind;
  outputDim: number;
  network: Network;
  /** Train rows in shared memory (shareRows). */
  data: HostRows;
  maxBatchRows: number;
}

export class DataParallel {
  private stepNumber = 0;
  private slowestStepMs = 0;
  private broken: Error | undefined;
  private readonly scratch: Float32Array;
  /** Why a thread ended, by index, once it has. */
  private readonly lost = new Map<number, string>();

  private constructor(
    private readonly shared: SharedTraining,
    private readonly network: Network,
    private readonly workers: Worker[],
  ) {
    this.scratch = new Float32Array(shared.offsets.at(-1)!);
  }

  /** Starts threads − 1 gradient threads and waits until each has booted its backend and network. */
  static async start(options: DataParallelOptions): Promise<DataParallel> {
    const { threads, network } = options;
    const offsets = [0];
    for (const variable of network.variables) offsets.push(offsets.at(-1)! + variable.size);
    const total = offsets.at(-1)!;
    const needs = stateArraysNeeded(options.config.optimizer);
    const shared: SharedTraining = {
      threads,
      config: options.config,
      optimizer: options.config.optimizer,
      taskKind: options.taskKind,
      outputDim: options.outputDim,
      data: options.data,
      shapes: network.variables.map((v) => v.shape),
      offsets,
      slices: Array.from({ length: threads + 1 }, (_, t) => Math.round((t * total) / threads)),
      state: { weights: floats(total), first: floats(needs.first ? total : 0), second: floats(needs.second ? total : 0) },
      gradients: Array.from({ length: threads }, () => floats(total)),
      rows: Array.from({ length: threads }, (_, t) => new Int32Array(new SharedArrayBuffer(t === 0 ? 0 : options.maxBatchRows * 4))),
      counts: new Int32Array(new SharedArrayBuffer(threads * 4)),
      scalars: new Float64Array(new SharedArrayBuffer(8)),
      control: new Int32Array(new SharedArrayBuffer(CONTROL.length * 4)),
      failed: new Int32Array(new SharedArrayBuffer(threads * 4)),
      errorTexts: Array.from({ length: threads }, () => new Uint8Array(new SharedArrayBuffer(2048))),
    };
    network.variables.forEach((variable, k) => shared.state.weights.set(variable.dataSync() as Float32Array, offsets[k]));

    const entry = gradientThreadEntry();
    const workers: Worker[] = [];
    const parallel = new DataParallel(shared, network, workers);
    try {
      for (let index = 1; index < threads; index++) {
        const data: GradientThreadData = { shared, index, seed: (options.config.seed + 7919 * index) >>> 0 };
        const worker = new Worker(entry.file, { workerData: data, execArgv: entry.execArgv });
        workers.push(worker);
        worker.on('error', (error) => parallel.lost.set(index, error.message));
        worker.on('exit', (code) => parallel.lost.has(index) || parallel.lost.set(index, `it exited with code ${code}`));
      }
      await Promise.all(workers.map((worker) => booted(worker)));
    } catch (error) {
      await parallel.dispose();
      throw error;
    }
    return parallel;
  }

  get threads(): number {
    return this.shared.threads;
  }

  /**
   * One optimizer step on `rows`. Blocks the event loop for the step, as a single-threaded step
   * does: the caller yields between steps. After a failure the instance refuses further steps.
   */
  async step(rows: Int32Array, learningRate: number): Promise<void> {
    if (this.broken) throw this.broken;
    const started = performance.now();
    try {
      this.runStep(rows, learningRate);
    } catch (error) {
      this.broken = await this.explain(error);
      throw this.broken;
    }
    this.slowestStepMs = Math.max(this.slowestStepMs, performance.now() - started);
  }

  private runStep(rows: Int32Array, learningRate: number): void {
    const { shared } = this;
    const { control, threads } = shared;
    for (const [index, reason] of this.lost) throw new Error(`gradient thread ${index} stopped: ${reason}`);
    const participants = Math.max(1, Math.min(threads, Math.floor(rows.length / MIN_ROWS_PER_THREAD)));
    const bound = (t: number) => Math.round((Math.min(t, participants) * rows.length) / participants);
    for (let t = 0; t < threads; t++) {
      shared.counts[t] = bound(t + 1) - bound(t);
      if (t > 0) shared.rows[t]!.set(rows.subarray(bound(t), bound(t + 1)));
    }
    shared.scalars[0] = learningRate;
    const step = ++this.stepNumber;
    Atomics.store(control, CONTROL.step, step);
    Atomics.notify(control, CONTROL.step);

    let failure: unknown;
    try {
      computeGradients(shared, this.network, 0, rows.subarray(0, shared.counts[0]!));
    } catch (error) {
      failure = error;
    }
    // Arrive even after a failure: the other threads are waiting at the barrier.
    arrive(control, CONTROL.gradientsArrived);
    this.barrier(CONTROL.gradientsArrived, step);
    if (failure === undefined) this.throwIfFailed();
    if (failure === undefined) updateSlice(shared, 0, step, this.scratch);
    arrive(control, CONTROL.weightsArrived);
    this.barrier(CONTROL.weightsArrived, step);
    if (failure !== undefined) throw failure;
    this.throwIfFailed();
    loadSharedWeights(shared, this.network.variables);
  }

  private barrier(slot: number, step: number): void {
    const timeoutMs = this.slowestStepMs === 0 ? FIRST_STEP_TIMEOUT_MS : Math.max(MIN_BARRIER_TIMEOUT_MS, 50 * this.slowestStepMs);
    if (!waitAtLeast(this.shared.control, slot, this.shared.threads * step, timeoutMs)) {
      throw new Error(`a gradient thread stopped answering for ${Math.round(timeoutMs / 1000)} s`);
    }
  }

  /** A thread's death reaches this thread as an event: let it arrive, then name it. */
  private async explain(error: unknown): Promise<Error> {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [lost] = this.lost;
    if (lost) return new Error(`gradient thread ${lost[0]} stopped: ${lost[1]}`);
    return error instanceof Error ? error : new Error(String(error));
  }

  private throwIfFailed(): void {
    for (let t = 1; t < this.shared.threads; t++) {
      if (Atomics.load(this.shared.failed, t)) throw new Error(`gradient thread ${t} failed: ${readErrorText(this.shared.errorTexts[t]!)}`);
    }
  }

  async dispose(): Promise<void> {
    Atomics.store(this.shared.control, CONTROL.step, CONTROL.shutdown);
    Atomics.notify(this.shared.control, CONTROL.step);
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

function booted(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`a gradient thread did not start within ${BOOT_TIMEOUT_MS / 1000} s`)), BOOT_TIMEOUT_MS);
    const onMessage = (message: ThreadReport) => {
      clearTimeout(timer);
      worker.off('exit', onExit);
      if (message.type === 'ready') resolve();
      else reject(new Error(`a gradient thread could not start: ${message.reason}`));
    };
    const onExit = (code: number) => {
      clearTimeout(timer);
      reject(new Error(`a gradient thread could not start: it exited with code ${code}`));
    };
    worker.once('message', onMessage);
    worker.once('exit', onExit);
  });
}
