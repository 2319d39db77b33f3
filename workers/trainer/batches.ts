import * as tf from '@tensorflow/tfjs';
import type { TaskKind } from '../../server/shared/runs/model-config';

/**
 * Mini-batches from train rows kept on the host. Each batch is copied into fresh tensors: wasm's
 * Gather kernel cost a large share of a training step on a 128×784 batch. Shared by the trainer's
 * main loop and its gradient threads, which must build batches exactly alike.
 */

/** Rows of a row-major host matrix, in the given order, as a new array (tensors may keep it). */
export function gatherRows<T extends Float32Array | Int32Array>(host: T, width: number, rows: ArrayLike<number>): T {
  const out = new (host.constructor as new (length: number) => T)(rows.length * width);
  for (let i = 0; i < rows.length; i++) {
    const from = rows[i]! * width;
    out.set(host.subarray(from, from + width), i * width);
  }
  return out;
}

export function targetTensor(values: Float32Array | Int32Array, taskKind: TaskKind, classCount: number): tf.Tensor2D {
  return tf.tidy(() =>
    taskKind === 'classification'
      ? (tf.oneHot(tf.tensor1d(values, 'int32'), classCount).toFloat() as tf.Tensor2D)
      : tf.tensor2d(values, [values.length, 1]),
  );
}

export interface HostRows {
  /** Row-major transformed features. */
  x: Float32Array;
  /** Class indices (classification) or standardised targets (regression), one per row. */
  y: Float32Array | Int32Array;
  width: number;
  taskKind: TaskKind;
  classCount: number;
}

export function batchTensors(data: HostRows, rows: ArrayLike<number>): { x: tf.Tensor2D; y: tf.Tensor2D } {
  return {
    x: tf.tensor2d(gatherRows(data.x, data.width, rows), [rows.length, data.width]),
    y: targetTensor(gatherRows(data.y, 1, rows), data.taskKind, data.classCount),
  };
}
