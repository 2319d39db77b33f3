import type { OptimizerConfig } from '../../server/shared/runs/model-config';

/**
 * The four update rules (SGD, momentum, RMSprop, Adam) as tfjs 4.22 defines them, on host arrays,
 * over the index range [from, to). One implementation for the single-threaded host optimizer
 * (optimizers.ts) and for data-parallel training, where each thread updates its own range of the
 * shared weights (data-parallel.ts). Arithmetic is float64 per element, rounded once on store,
 * where tfjs rounds after every op; results agree to float32 rounding.
 */
export interface UpdateState {
  weights: Float32Array;
  /** Adam's first moment, momentum's accumulation (unused otherwise). */
  first: Float32Array;
  /** Adam's second moment, RMSprop's mean square (unused otherwise). */
  second: Float32Array;
}

/** tfjs's default: the backend's epsilon, 1e-7 in float32. */
const EPSILON = 1e-7;

export function stateArraysNeeded(spec: OptimizerConfig): { first: boolean; second: boolean } {
  return { first: spec.kind === 'adam' || spec.kind === 'momentum', second: spec.kind === 'adam' || spec.kind === 'rmsprop' };
}

/**
 * One step over [from, to): `gradient` is indexed like the state arrays. `step` counts from 1
 * (Adam's bias correction).
 */
export function applyUpdate(
  spec: OptimizerConfig,
  state: UpdateState,
  gradient: Float32Array,
  from: number,
  to: number,
  learningRate: number,
  step: number,
): void {
  const { weights: w, first, second } = state;
  const g = gradient;
  const lr = learningRate;
  switch (spec.kind) {
    case 'sgd':
      for (let i = from; i < to; i++) w[i] = w[i]! - lr * g[i]!;
      return;
    case 'momentum': {
      const mu = spec.momentum;
      for (let i = from; i < to; i++) {
        const acc = mu * first[i]! + g[i]!;
        first[i] = acc;
        w[i] = w[i]! - lr * acc;
      }
      return;
    }
    case 'rmsprop': {
      // tfjs: ms = ρ·ms + (1-ρ)·g²; w -= lr·g / √(ms + ε) (its momentum term is 0 here).
      const rho = spec.rho;
      for (let i = from; i < to; i++) {
        const gi = g[i]!;
        const ms = rho * second[i]! + (1 - rho) * gi * gi;
        second[i] = ms;
        w[i] = w[i]! - (lr * gi) / Math.sqrt(ms + EPSILON);
      }
      return;
    }
    case 'adam': {
      // tfjs: w -= lr·m̂ / (√v̂ + ε) with m̂ = m/c₁, v̂ = v/c₂. Multiplying through by √c₂ gives
      // w -= (lr·√c₂/c₁)·m / (√v + ε·√c₂): one square root and one division per weight (with the
      // textbook formula this loop was three times slower).
      const { beta1, beta2 } = spec;
      const sqrtCorrection2 = Math.sqrt(1 - beta2 ** step);
      const rate = (lr * sqrtCorrection2) / (1 - beta1 ** step);
      const epsHat = EPSILON * sqrtCorrection2;
      const keep1 = 1 - beta1;
      const keep2 = 1 - beta2;
      for (let i = from; i < to; i++) {
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
