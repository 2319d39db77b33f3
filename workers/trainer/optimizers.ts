import * as tf from '@tensorflow/tfjs';
import type { OptimizerConfig } from '../../server/shared/runs/model-config';
import { applyUpdate, stateArraysNeeded, type UpdateState } from './update-rules';
import { wasmMatMulFixInstalled } from './wasm-matmul-fix';

/**
 * One optimizer step over a model's trainable variables, given their gradients. Two
 * implementations of the same four update rules (SGD, momentum, RMSprop, Adam, as tfjs 4.22 defines
 * them): tfjs's own optimizers, and a host loop used on the wasm backend (see HostOptimizer).
 */
export interface OptimizerStep {
  setLearningRate(learningRate: number): void;
  apply(gradients: tf.NamedTensorMap): void;
  dispose(): void;
}

/**
 * HostOptimizer on the wasm backend with Holdout's kernel fixes; tfjs's own everywhere else,
 * including the 'wasm-stock' choice, which stays tfjs as shipped (the benchmark's baseline).
 */
export function buildOptimizer(spec: OptimizerConfig, learningRate: number, variables: tf.Variable[]): OptimizerStep {
  return usesHostOptimizer() ? new HostOptimizer(spec, learningRate, variables) : new TfjsOptimizer(spec, learningRate);
}

export function usesHostOptimizer(): boolean {
  return tf.getBackend() === 'wasm' && wasmMatMulFixInstalled();
}

export class TfjsOptimizer implements OptimizerStep {
  private readonly optimizer: tf.Optimizer;

  constructor(spec: OptimizerConfig, learningRate: number) {
    switch (spec.kind) {
      case 'sgd':
        this.optimizer = tf.train.sgd(learningRate);
        break;
      case 'momentum':
        this.optimizer = tf.train.momentum(learningRate, spec.momentum);
        break;
      case 'rmsprop':
        this.optimizer = tf.train.rmsprop(learningRate, spec.rho);
        break;
      case 'adam':
        this.optimizer = tf.train.adam(learningRate, spec.beta1, spec.beta2);
        break;
    }
  }

  /**
   * tfjs has no public learning-rate setter except on SGD and momentum (which cache -lr as a
   * tensor); Adam and RMSProp read their `learningRate` field on every step, so assigning it takes
   * effect at once. Duck-typed: tfjs optimizers override instanceof to accept any optimizer.
   */
  setLearningRate(learningRate: number): void {
    const target = this.optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
    if (target.learningRate === learningRate) return;
    if (typeof target.setLearningRate === 'function') target.setLearningRate(learningRate);
    else target.learningRate = learningRate;
  }

  apply(gradients: tf.NamedTensorMap): void {
    this.optimizer.applyGradients(gradients);
  }

  /** tfjs 4.22's MomentumOptimizer.dispose forgets the learning-rate scalar SGD keeps: free it too. */
  dispose(): void {
    this.optimizer.dispose();
    (this.optimizer as unknown as { c?: tf.Tensor }).c?.dispose();
  }
}

interface WasmHeapAccess {
  typedArrayFromHeap?(tensor: tf.TensorInfo): Float32Array;
}

/**
 * A read-only view of a float32 tensor's values without copying them: on wasm, straight into the
 * module's heap (dataSync copies every gradient, every step). Valid until the next
 * backend allocation, which can grow (and so move) the heap: use it before creating tensors.
 */
export function hostView(tensor: tf.Tensor): Float32Array {
  const backend = tf.backend() as unknown as WasmHeapAccess;
  return backend.typedArrayFromHeap ? backend.typedArrayFromHeap(tensor) : (tensor.dataSync() as Float32Array);
}

/**
 * The update on the host, one loop per variable (update-rules.ts). tfjs's optimizers issue about a
 * dozen kernels per variable per step (Adam: Add, Multiply, Square, Sqrt, RealDiv…), each a wasm
 * call plus engine bookkeeping; one fused loop on the host is cheaper (npm run bench:train shows
 * by how much). The gain depends on reading gradients in place (hostView): with dataSync copies
 * this loop was slower than tfjs's own. The weights are mirrored on the
 * host and each step writes them back as new tensors, never into the old ones: the wasm backend
 * caches XNNPACK operators with packed weights per tensor, so an in-place write would leave the
 * forward pass on stale weights (seen: training silently diverged). Only for backends whose tensor
 * creation copies the values (wasm): the cpu backend would keep the mirror itself.
 */
export class HostOptimizer implements OptimizerStep {
  private learningRate: number;
  private readonly state: UpdateState[];
  private step = 0;

  constructor(
    private readonly spec: OptimizerConfig,
    learningRate: number,
    private readonly variables: tf.Variable[],
  ) {
    if (tf.getBackend() !== 'wasm') throw new Error(`HostOptimizer needs a backend that copies tensor values on creation (wasm), not ${tf.getBackend()}`);
    this.learningRate = learningRate;
    const needs = stateArraysNeeded(spec);
    this.state = variables.map((v) => ({
      weights: Float32Array.from(v.dataSync() as Float32Array),
      first: new Float32Array(needs.first ? v.size : 0),
      second: new Float32Array(needs.second ? v.size : 0),
    }));
  }

  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }

  apply(gradients: tf.NamedTensorMap): void {
    this.step++;
    this.variables.forEach((variable, k) => {
      const gradient = gradients[variable.name];
      if (!gradient) return;
      // A fresh view per variable: the previous variable's new tensor may have moved the heap.
      const state = this.state[k]!;
      applyUpdate(this.spec, state, hostView(gradient), 0, variable.size, this.learningRate, this.step);
      const next = tf.tensor(state.weights, variable.shape, 'float32');
      variable.assign(next);
      next.dispose();
    });
  }

  dispose(): void {
    // Host arrays only: nothing on the backend to free.
  }
}
