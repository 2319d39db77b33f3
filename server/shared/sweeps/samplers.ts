import type { Rng } from '../stats/random';
import type { ModelConfig } from '../runs/model-config';
import { layerCountOf, type Assignment, type Distribution, type ParamValue, type SearchSpace, type SweepParam } from './space';

/**
 * A dimension of one trial's assignment: `units` becomes `units_1 … units_L`, one per hidden
 * layer the trial has, so a deeper network gets a width for each of its layers (the conditional
 * structure of the space). `layers` comes first because the dimensions after it depend on it.
 */
export interface Dimension {
  key: string;
  distribution: Distribution;
}

export function dimensionsOf(space: SearchSpace, base: ModelConfig, assignment: Assignment): Dimension[] {
  const dims: Dimension[] = [];
  for (const [name, distribution] of orderedEntries(space)) {
    if (name !== 'units') dims.push({ key: name, distribution });
    else for (let i = 1; i <= layerCountOf(base, assignment); i++) dims.push({ key: `units_${i}`, distribution });
  }
  return dims;
}

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
    let out = v;
    if (step !== undefined && !log) out = d.low + Math.round((v - d.low) / step) * step;
    else if (d.kind === 'int') out = Math.round(v);
    out = Math.min(d.high, Math.max(d.low, out));
    return d.kind === 'int' ? Math.round(out) : step !== undefined ? Number(out.toPrecision(12)) : out;
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
    if (name !== 'units') assignment[name] = sampleValue(distribution, rng);
    else for (let i = 1; i <= layerCountOf(base, assignment); i++) assignment[`units_${i}`] = sampleValue(distribution, rng);
  }
  return assignment;
}
