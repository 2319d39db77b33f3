import * as tf from '@tensorflow/tfjs';
import type { OptimizerConfig } from '../../server/domain/runs/model-config';
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
  const tuned = tf.getBackend() === 'wasm' && wasmMatMulFixInstalled();
  return tuned ? new HostOptimizer(spec, learningRate, variables) : new TfjsOptimizer(spec, learningRate);
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
 * module's heap (dataSync copies, ~1 ms per step for this MLP's gradients). Valid until the next
 * backend allocation, which can grow (and so move) the heap: use it before creating tensors.
 */
function hostView(tensor: tf.Tensor): Float32Array {
  const backend = tf.backend() as unknown as WasmHeapAccess;
  return backend.typedArrayFromHeap ? backend.typedArrayFromHeap(tensor) : (tensor.dataSync() as Float32Array);
}

/**
 * The update on the host, one loop per variable. tfjs's optimizers issue about a dozen kernels per
 * variable per step (Adam: Add, Multiply, Square, Sqrt, RealDiv…), each a wasm call plus engine
 * bookkeeping: 1.64 ms of a ~8.5 ms step for the 784-256-128-10 MLP, against 1.06 ms here
 * (measured in one run, medians; +7% samples/s). The gain depends on reading gradients in place
 * (hostView) and on one square root and one division per weight: with dataSync copies and the
 * textbook formula this loop was 5 ms, three times slower than tfjs. The weights are mirrored on the host and each step writes them back
 * as new tensors, never into the old ones: the wasm backend caches XNNPACK operators with packed
 * weights per tensor, so an in-place write would leave the forward pass on stale weights (seen:
 * training silently diverged). Only for backends whose tensor creation copies the values (wasm):
 * the cpu backend would keep the mirror itself. The arithmetic is float64 per element, rounded
 * once, where tfjs rounds after every op; results agree to float32 rounding.
 */
export class HostOptimizer implements OptimizerStep {
  private learningRate: number;
  private readonly weights: Float32Array[];
  /** Adam's first moment, momentum's accumulation. */
  private readonly first: Float32Array[];
  /** Adam's second moment, RMSprop's mean square. */
  private readonly second: Float32Array[];
  private step = 0;
  /** tfjs's default: the backend's epsilon, 1e-7 in float32. */
  private readonly epsilon = 1e-7;

  constructor(
    private readonly spec: OptimizerConfig,
    learningRate: number,
    private readonly variables: tf.Variable[],
  ) {
    if (tf.getBackend() !== 'wasm') throw new Error(`HostOptimizer needs a backend that copies tensor values on creation (wasm), not ${tf.getBackend()}`);
    this.learningRate = learningRate;
    this.weights = variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
    const needsFirst = spec.kind === 'adam' || spec.kind === 'momentum';
    const needsSecond = spec.kind === 'adam' || spec.kind === 'rmsprop';
    this.first = variables.map((v) => new Float32Array(needsFirst ? v.size : 0));
    this.second = variables.map((v) => new Float32Array(needsSecond ? v.size : 0));
  }

  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }

  apply(gradients: tf.NamedTensorMap): void {
    this.step++;
    this.variables.forEach((variable, k) => {
      const gradient = gradients[variable.name];
      if (!gradient) return;
      const g = hostView(gradient);
      const w = this.weights[k]!;
      this.update(w, g, this.first[k]!, this.second[k]!);
      const next = tf.tensor(w, variable.shape, 'float32');
      variable.assign(next);
      next.dispose();
    });
  }

  private update(w: Float32Array, g: Float32Array, first: Float32Array, second: Float32Array): void {
    const lr = this.learningRate;
    const eps = this.epsilon;
    const n = w.length;
    switch (this.spec.kind) {
      case 'sgd':
        for (let i = 0; i < n; i++) w[i] = w[i]! - lr * g[i]!;
        return;
      case 'momentum': {
        const mu = this.spec.momentum;
        for (let i = 0; i < n; i++) {
          const acc = mu * first[i]! + g[i]!;
          first[i] = acc;
          w[i] = w[i]! - lr * acc;
        }
        return;
      }
      case 'rmsprop': {
        // tfjs: ms = ρ·ms + (1-ρ)·g²; w -= lr·g / √(ms + ε) (its momentum term is 0 here).
        const rho = this.spec.rho;
        for (let i = 0; i < n; i++) {
          const gi = g[i]!;
          const ms = rho * second[i]! + (1 - rho) * gi * gi;
          second[i] = ms;
          w[i] = w[i]! - (lr * gi) / Math.sqrt(ms + eps);
        }
        return;
      }
      case 'adam': {
        // tfjs: w -= lr·m̂ / (√v̂ + ε) with m̂ = m/c₁, v̂ = v/c₂. Multiplying through by √c₂ gives
        // w -= (lr·√c₂/c₁)·m / (√v + ε·√c₂): one square root and one division per weight.
        const { beta1, beta2 } = this.spec;
        const sqrtCorrection2 = Math.sqrt(1 - beta2 ** this.step);
        const rate = (lr * sqrtCorrection2) / (1 - beta1 ** this.step);
        const epsHat = eps * sqrtCorrection2;
        const keep1 = 1 - beta1;
        const keep2 = 1 - beta2;
        for (let i = 0; i < n; i++) {
          const gi = g[i]!;
          const m = beta1 * first[i]! + keep1 * gi;
          const v = beta2 * second[i]! + keep2 * gi * gi;
          first[i] = m;
          second[i] = v;
          w[i] = w[i]! - (rate * m) / (Math.sqrt(v) + epsHat);
        }
        return;
      }
    }
  }

  dispose(): void {
    // Host arrays only: nothing on the backend to free.
  }
}
