import { DomainError } from '../errors';
import { createRng, type Rng } from './random';
import { quantileSorted } from './summary';

/**
 * A metric evaluated on a (re)sample given as indices into the caller's per-example arrays.
 * The same buffer is refilled for every resample, so a metric must not keep a reference to it.
 */
export type IndexMetric = (indices: Uint32Array) => number;

export interface BootstrapOptions {
  /** Number of resamples B; 1000 by default. */
  resamples?: number;
  /** Two-sided confidence level of the percentile interval; 0.95 by default. */
  confidence?: number;
  /** Seed of the resampling stream; 0 by default, so repeated calls agree. */
  seed?: number;
}

export interface BootstrapInterval {
  /** The metric on the full sample (not the mean of the resamples). */
  estimate: number;
  lower: number;
  upper: number;
  confidence: number;
  resamples: number;
  seed: number;
}

export interface PairedBootstrapOptions extends BootstrapOptions {
  /** False for losses and error rates; decides what "A is better" means. Default true. */
  higherIsBetter?: boolean;
}

export interface PairedBootstrapResult extends BootstrapInterval {
  estimateA: number;
  estimateB: number;
  /** estimate, lower and upper describe this difference, metric(A) − metric(B). */
  difference: number;
  /** One-sided p-value for H0 "A is not better than B". */
  pValue: number;
}

interface Resolved {
  resamples: number;
  confidence: number;
  seed: number;
}

function resolve(n: number, options: BootstrapOptions): Resolved {
  const { resamples = 1000, confidence = 0.95, seed = 0 } = options;
  if (!Number.isInteger(n) || n < 1) {
    throw new DomainError('BAD_INPUT', `Bootstrap needs at least one example, got n = ${n}.`);
  }
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new DomainError('BAD_INPUT', `Resamples must be a positive integer, got ${resamples}.`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new DomainError('BAD_INPUT', `Confidence must be strictly between 0 and 1, got ${confidence}.`);
  }
  return { resamples, confidence, seed };
}

function identity(n: number): Uint32Array {
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  return idx;
}

// Inlines Rng.nextInt's rejection step: this loop runs n × B times (10 million for 10k × 1000)
// and the per-call argument checks would dominate it.
function fillResample(idx: Uint32Array, rng: Rng): void {
  const n = idx.length;
  const limit = 4294967296 - (4294967296 % n);
  for (let i = 0; i < n; i++) {
    let u = rng.nextUint32();
    while (u >= limit) u = rng.nextUint32();
    idx[i] = u % n;
  }
}

function finite(value: number, what: string): number {
  if (!Number.isFinite(value)) {
    throw new DomainError('BAD_INPUT', `${what} returned ${value}; the metric must be finite on every resample.`);
  }
  return value;
}

/** Metric for per-example scores where the aggregate is their mean (accuracy from 0/1 correctness). */
export function meanMetric(values: ArrayLike<number>): IndexMetric {
  return (indices) => {
    let sum = 0;
    for (let i = 0; i < indices.length; i++) sum += values[indices[i] as number] as number;
    return sum / indices.length;
  };
}

/**
 * Several systems' metrics on the same B resamples of n examples: one vector of B scores per
 * system, plus each metric on the full sample. The resamples come from one stream per seed, the
 * same for every caller, so intervals and paired comparisons built from these vectors
 * (percentileInterval, pairedFromScores) equal bootstrapCi's and pairedBootstrap's exactly, and a
 * leaderboard draws its B × n random indices once for all its runs instead of once per interval
 * and once per pair. `labels` name the metrics in errors.
 */
export function resampledScores(
  n: number,
  metrics: IndexMetric[],
  options: BootstrapOptions = {},
  labels: string[] = metrics.map((_, i) => (metrics.length === 1 ? 'Metric' : `Metric ${i + 1}`)),
): { estimates: number[]; scores: Float64Array[] } {
  const { resamples, seed } = resolve(n, options);
  const all = identity(n);
  const estimates = metrics.map((metric, m) => finite(metric(all), labels[m]!));
  const scores = metrics.map(() => new Float64Array(resamples));
  const rng = createRng(seed);
  const idx = new Uint32Array(n);
  for (let r = 0; r < resamples; r++) {
    fillResample(idx, rng);
    for (let m = 0; m < metrics.length; m++) scores[m]![r] = finite(metrics[m]!(idx), labels[m]!);
  }
  return { estimates, scores };
}

/** The percentile interval (Efron) of a vector of resampled scores. */
export function percentileInterval(scores: Float64Array, confidence = 0.95): { lower: number; upper: number } {
  const sorted = Float64Array.from(scores).sort();
  const alpha = 1 - confidence;
  return { lower: quantileSorted(sorted, alpha / 2), upper: quantileSorted(sorted, 1 - alpha / 2) };
}

/** Percentile bootstrap CI (Efron) for any metric over n examples. */
export function bootstrapCi(n: number, metric: IndexMetric, options: BootstrapOptions = {}): BootstrapInterval {
  const { resamples, confidence, seed } = resolve(n, options);
  const { estimates, scores } = resampledScores(n, [metric], options);
  return { estimate: estimates[0]!, ...percentileInterval(scores[0]!, confidence), confidence, resamples, seed };
}

/**
 * Paired bootstrap for two systems scored on the same n examples (Koehn, 2004): each resample
 * draws one set of indices and scores both systems on it, so example difficulty cancels and
 * the interval is on the difference itself. The p-value is (1 + #resamples where A does not
 * beat B) / (B + 1); the +1 keeps a finite number of resamples from ever claiming p = 0.
 */
export function pairedBootstrap(
  n: number,
  metricA: IndexMetric,
  metricB: IndexMetric,
  options: PairedBootstrapOptions = {},
): PairedBootstrapResult {
  resolve(n, options);
  const { estimates, scores } = resampledScores(n, [metricA, metricB], options, ['Metric A', 'Metric B']);
  return pairedFromScores({ estimate: estimates[0]!, scores: scores[0]! }, { estimate: estimates[1]!, scores: scores[1]! }, options);
}

/** The paired bootstrap of two systems whose scores come from the same resamples (resampledScores). */
export function pairedFromScores(
  a: { estimate: number; scores: Float64Array },
  b: { estimate: number; scores: Float64Array },
  options: PairedBootstrapOptions = {},
): PairedBootstrapResult {
  const { confidence = 0.95, seed = 0 } = options;
  const higherIsBetter = options.higherIsBetter ?? true;
  const resamples = a.scores.length;
  if (b.scores.length !== resamples) throw new DomainError('BAD_INPUT', `Paired scores need the same resamples (got ${resamples} and ${b.scores.length}).`);
  const diffs = new Float64Array(resamples);
  let notBetter = 0;
  for (let r = 0; r < resamples; r++) {
    const d = a.scores[r]! - b.scores[r]!;
    diffs[r] = d;
    if (higherIsBetter ? d <= 0 : d >= 0) notBetter++;
  }
  diffs.sort();
  const alpha = 1 - confidence;
  const difference = a.estimate - b.estimate;
  return {
    estimate: difference,
    lower: quantileSorted(diffs, alpha / 2),
    upper: quantileSorted(diffs, 1 - alpha / 2),
    confidence,
    resamples,
    seed,
    estimateA: a.estimate,
    estimateB: b.estimate,
    difference,
    pValue: (1 + notBetter) / (resamples + 1),
  };
}
