import { normalCdf } from '../stats/normal';
import type { Rng } from '../stats/random';
import type { ModelConfig } from '../runs/model-config';
import { numericScale, orderedEntries, sampleRandom, sampleValue, type NumericScale } from './samplers';
import { keysOf, type Assignment, type Distribution, type ParamValue, type SearchSpace } from './space';

/**
 * The Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio & Kégl, "Algorithms for
 * Hyper-Parameter Optimization", NIPS 2011), univariate, with the defaults Optuna settled on:
 * random for the first `startup` trials; then the best γ(n) = min(⌈0.1 n⌉, 25) observations form
 * l(x) and the rest g(x), each a Parzen mixture of truncated Gaussians plus a wide prior
 * component; 24 candidates are drawn from l and the one with the largest l(x)/g(x) is kept
 * (maximising expected improvement under the TPE model). Trials stopped early count as bad ones.
 */
export interface Observation {
  assignment: Assignment;
  /** The goal as a loss: lower is better (maximised metrics are negated by the caller). */
  loss: number;
  /** Stopped early by ASHA or the median rule: goes to g(x) whatever its value. */
  pruned: boolean;
}

export interface TpeOptions {
  startup?: number;
  candidates?: number;
}

export function gammaCount(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

export function sampleTpe(space: SearchSpace, base: ModelConfig, observations: readonly Observation[], rng: Rng, options: TpeOptions = {}): Assignment {
  const startup = options.startup ?? 10;
  const candidates = options.candidates ?? 24;
  const finished = observations.filter((o) => !o.pruned && Number.isFinite(o.loss)).sort((a, b) => a.loss - b.loss);
  if (finished.length === 0 || observations.length < startup) return sampleRandom(space, base, rng);
  const nBelow = Math.max(1, Math.min(gammaCount(observations.length), finished.length));
  const below = finished.slice(0, nBelow).map((o) => o.assignment);
  const above = [...finished.slice(nBelow), ...observations.filter((o) => o.pruned || !Number.isFinite(o.loss))].map((o) => o.assignment);

  const assignment: Assignment = {};
  for (const [name, distribution] of orderedEntries(space)) {
    for (const key of keysOf(name, base, assignment)) {
      const good = valuesOf(below, key);
      const bad = valuesOf(above, key);
      // A dimension nobody good has had yet (a layer deeper than any good trial): plain random.
      assignment[key] = good.length === 0 ? sampleValue(distribution, rng) : sampleDimension(distribution, good, bad, rng, candidates);
    }
  }
  return assignment;
}

function valuesOf(assignments: Assignment[], key: string): ParamValue[] {
  return assignments.map((a) => a[key]).filter((v): v is ParamValue => v !== undefined);
}

function sampleDimension(d: Distribution, good: ParamValue[], bad: ParamValue[], rng: Rng, candidates: number): ParamValue {
  if (d.kind === 'categorical') return sampleCategorical(d.values, good, bad, rng, candidates);
  const scale = numericScale(d);
  const l = parzen(scale, good.map((v) => scale.toInternal(v as number)));
  const g = parzen(scale, bad.map((v) => scale.toInternal(v as number)));
  let best = Number.NaN;
  let bestScore = -Infinity;
  for (let c = 0; c < candidates; c++) {
    const x = l.sample(rng);
    const score = l.logPdf(x) - g.logPdf(x);
    if (score > bestScore) {
      bestScore = score;
      best = x;
    }
  }
  return scale.fromInternal(best);
}

/** Smoothed frequencies: each value gets a prior weight of 1/K, so an unseen value stays possible. */
function sampleCategorical(values: ParamValue[], good: ParamValue[], bad: ParamValue[], rng: Rng, candidates: number): ParamValue {
  const key = (v: ParamValue) => JSON.stringify(v);
  const probs = (seen: ParamValue[]) => {
    const counts = new Map<string, number>();
    for (const v of seen) counts.set(key(v), (counts.get(key(v)) ?? 0) + 1);
    return values.map((v) => ((counts.get(key(v)) ?? 0) + 1 / values.length) / (seen.length + 1));
  };
  const pl = probs(good);
  const pg = probs(bad);
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < candidates; c++) {
    let u = rng.nextFloat();
    let k = 0;
    while (k < values.length - 1 && u >= pl[k]!) u -= pl[k++]!;
    const score = Math.log(pl[k]!) - Math.log(pg[k]!);
    if (score > bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return values[best]!;
}

interface Mixture {
  sample(rng: Rng): number;
  logPdf(x: number): number;
}

/**
 * A Parzen estimator on [lo, hi]: one Gaussian per observation plus a prior N(mid, hi − lo), all
 * truncated to the interval and equally weighted. Each observation's bandwidth is the larger gap
 * to its sorted neighbours (the ends count as neighbours), clipped below at (hi − lo)/min(100, 1 + n)
 * so that repeated values do not collapse it ("magic clip").
 */
export function parzen(scale: Pick<NumericScale, 'lo' | 'hi'>, observed: number[]): Mixture {
  const { lo, hi } = scale;
  const width = hi - lo;
  const mus = [...observed, (lo + hi) / 2];
  const order = mus.map((_, i) => i).sort((a, b) => mus[a]! - mus[b]!);
  const sigmas = new Array<number>(mus.length);
  const minSigma = width / Math.min(100, 1 + mus.length);
  order.forEach((idx, rank) => {
    const left = rank > 0 ? mus[order[rank - 1]!]! : lo;
    const right = rank < order.length - 1 ? mus[order[rank + 1]!]! : hi;
    const sigma = Math.max(mus[idx]! - left, right - mus[idx]!);
    sigmas[idx] = Math.min(width, Math.max(minSigma, sigma));
  });
  sigmas[mus.length - 1] = width; // the prior
  const mass = mus.map((mu, i) => normalCdf((hi - mu) / sigmas[i]!) - normalCdf((lo - mu) / sigmas[i]!));
  const weight = 1 / mus.length;
  return {
    sample(rng) {
      const i = rng.nextInt(mus.length);
      for (let tries = 0; tries < 100; tries++) {
        const x = mus[i]! + sigmas[i]! * gaussian(rng);
        if (x >= lo && x <= hi) return x;
      }
      return lo + rng.nextFloat() * width;
    },
    logPdf(x) {
      let p = 0;
      for (let i = 0; i < mus.length; i++) {
        const z = (x - mus[i]!) / sigmas[i]!;
        p += (weight * Math.exp(-0.5 * z * z)) / (sigmas[i]! * Math.sqrt(2 * Math.PI) * Math.max(mass[i]!, 1e-12));
      }
      return Math.log(Math.max(p, 1e-300));
    },
  };
}

/** Box–Muller on the seeded stream. */
function gaussian(rng: Rng): number {
  const u = 1 - rng.nextFloat();
  const v = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
