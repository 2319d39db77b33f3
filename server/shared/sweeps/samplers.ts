import type { Rng } from '../stats/random';
import type { ModelConfig } from '../runs/model-config';
import { keysOf, onStep, type Assignment, type Distribution, type ParamValue, type SearchSpace, type SweepParam } from './space';

/** The space's entries with `layers` first: the `units_i` keys depend on the sampled layer count. */
export function orderedEntries(space: SearchSpace): [SweepParam, Distribution][] {
  const entries = Object.entries(space) as [SweepParam, Distribution][];
  return entries.sort(([a], [b]) => (a === 'layers' ? -1 : b === 'layers' ? 1 : 0));
}

/**
 * The continuous interval a numeric distribution is sampled in: log space for log scales, and
 * for whole numbers and stepped values an interval half a step wider on each side, so rounding
 * gives every value the same share (Optuna's convention).
 */
export interface NumericScale {
  lo: number;
  hi: number;
  toInternal(value: number): number;
  fromInternal(x: number): number;
}

export function numericScale(d: Exclude<Distribution, { kind: 'categorical' }>): NumericScale {
  const log = d.kind === 'logUniform' || (d.kind === 'int' && d.log === true);
  const step = d.kind === 'int' ? (d.step ?? 1) : d.kind === 'uniform' ? d.step : undefined;
  const pad = step !== undefined && !log ? step / 2 : d.kind === 'int' ? 0.5 : 0;
  const lo = d.low - pad;
  const hi = d.high + pad;
  const snap = (v: number) => {
    const clamped = Math.min(d.high, Math.max(d.low, v));
    if (step !== undefined && !log) return Math.min(d.high, onStep(clamped, d.low, step));
    return d.kind === 'int' ? Math.round(clamped) : clamped;
  };
  if (log) return { lo: Math.log(lo), hi: Math.log(hi), toInternal: Math.log, fromInternal: (x) => snap(Math.exp(x)) };
  return { lo, hi, toInternal: (v) => v, fromInternal: snap };
}

export function sampleValue(d: Distribution, rng: Rng): ParamValue {
  if (d.kind === 'categorical') return d.values[rng.nextInt(d.values.length)]!;
  const scale = numericScale(d);
  return scale.fromInternal(scale.lo + rng.nextFloat() * (scale.hi - scale.lo));
}

/** Random search (Bergstra & Bengio, 2012): every dimension independently from its distribution. */
export function sampleRandom(space: SearchSpace, base: ModelConfig, rng: Rng): Assignment {
  const assignment: Assignment = {};
  for (const [name, distribution] of orderedEntries(space)) {
    for (const key of keysOf(name, base, assignment)) assignment[key] = sampleValue(distribution, rng);
  }
  return assignment;
}
