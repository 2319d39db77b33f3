import 'server-only';
import { DomainError } from '../../shared/errors';

/*
 * The Ladder mechanism of A. Blum and M. Hardt, "The Ladder: A Reliable Leaderboard for Machine
 * Learning Competitions", ICML 2015 (arXiv:1502.04585). A leaderboard that releases every
 * submission's exact holdout score lets a participant overfit the holdout by adaptive querying
 * (the boosting attack of their experiments). The Ladder releases a new score only when it beats the
 * current released best by a margin, so almost all queries leak nothing.
 *
 * Algorithm 1 (fixed step η): R_0 = ∞; for submission t with empirical loss R_S(f_t):
 *   if R_S(f_t) < R_{t−1} − η then R_t = [R_S(f_t)]_η else R_t = R_{t−1},
 * where [x]_η rounds x to the nearest integer multiple of η.
 *
 * Algorithm 2 (parameter-free): additionally keep ℓ_best, the loss vector of the submission
 * that set R_{t−1} (initially the all-zero vector). Let s be the sample standard deviation of
 * ℓ_t − ℓ_best over the n examples. Then
 *   if R_S(f_t) < R_{t−1} − s/√n then R_t = [R_S(f_t)]_{1/n}, ℓ_best = ℓ_t else R_t = R_{t−1},
 * i.e. a one-sided paired t-test at roughly one standard error. s follows the authors'
 * reference code (github.com/mrtzh/Ladder.jl), which uses the n − 1 sample standard deviation.
 * That code skips the [·]_{1/n} rounding, a no-op for 0/1 loss; we keep it for real-valued losses.
 *
 * Losses are "lower is better" throughout; pass 1 − correctness for accuracy.
 */

export interface LeaderboardStep {
  /** 1-based submission index. */
  round: number;
  /** Exact empirical loss of this submission on the holdout (never shown to participants). */
  loss: number;
  /** The score the leaderboard shows after this submission. */
  released: number;
  /** Whether this submission moved the released score. */
  updated: boolean;
  /** Margin the submission had to beat: η, s/√n, or 0 for the naive board. */
  threshold: number;
}

export interface LadderOptions {
  /** Fixed step η (Algorithm 1). Omit for the parameter-free variant (Algorithm 2). */
  stepSize?: number;
}

/**
 * Rounds x to the nearest integer multiple of step ([x]_η in the paper). Divides by 1/step when
 * that is an integer (η = 0.1, η = 1/n): k · 0.1 gives 0.30000000000000004, k / 10 gives 0.3,
 * and the released score must compare exactly equal to a mean computed as sum / n.
 */
export function roundToMultiple(x: number, step: number): number {
  const k = Math.round(x / step);
  const inverse = 1 / step;
  return Number.isInteger(inverse) ? k / inverse : k * step;
}

function checkedMean(losses: ArrayLike<number>, expectedLength: number | null): number {
  const n = losses.length;
  if (n < 2) throw new DomainError('BAD_INPUT', `A submission needs at least 2 examples, got ${n}.`);
  if (expectedLength !== null && n !== expectedLength) {
    throw new DomainError('BAD_INPUT', `Submission has ${n} losses; the holdout has ${expectedLength}.`);
  }
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = losses[i] as number;
    if (!Number.isFinite(v)) throw new DomainError('BAD_INPUT', `Loss at example ${i} is ${v}.`);
    sum += v;
  }
  return sum / n;
}

/** Sample standard deviation (n − 1) of a − b, with b = 0 when there is no leader yet. */
function pairedStd(a: ArrayLike<number>, b: Float64Array | null): number {
  const n = a.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += (a[i] as number) - (b ? (b[i] as number) : 0);
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b ? (b[i] as number) : 0) - mean;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - 1));
}

/** Ladder leaderboard over one holdout; feed it each submission's per-example losses in order. */
export class Ladder {
  private readonly stepSize: number | undefined;
  private leader: Float64Array | null = null;
  private released = Infinity;
  private rounds = 0;
  private n: number | null = null;

  constructor(options: LadderOptions = {}) {
    if (options.stepSize !== undefined && !(options.stepSize > 0 && Number.isFinite(options.stepSize))) {
      throw new DomainError('BAD_INPUT', `Ladder step size must be positive, got ${options.stepSize}.`);
    }
    this.stepSize = options.stepSize;
  }

  /** The currently released best loss (Infinity before the first submission). */
  get best(): number {
    return this.released;
  }

  submit(losses: ArrayLike<number>): LeaderboardStep {
    const loss = checkedMean(losses, this.n);
    const n = losses.length;
    this.n = n;
    this.rounds += 1;
    const parameterFree = this.stepSize === undefined;
    const threshold = parameterFree ? pairedStd(losses, this.leader) / Math.sqrt(n) : (this.stepSize as number);
    const updated = loss < this.released - threshold;
    if (updated) {
      // Rounding on the integer grid (× n, / n) keeps an identical resubmission from looking
      // one ulp better than the released score and "updating" with a zero threshold.
      this.released = parameterFree ? Math.round(loss * n) / n : roundToMultiple(loss, this.stepSize as number);
      // Only Algorithm 2 compares against the leader's losses; copy so callers may reuse buffers.
      if (parameterFree) this.leader = Float64Array.from(losses);
    }
    return { round: this.rounds, loss, released: this.released, updated, threshold };
  }
}

/** The usual leaderboard: releases every exact score, shows the minimum loss seen so far. */
export class NaiveLeaderboard {
  private released = Infinity;
  private rounds = 0;
  private n: number | null = null;

  get best(): number {
    return this.released;
  }

  submit(losses: ArrayLike<number>): LeaderboardStep {
    const loss = checkedMean(losses, this.n);
    this.n = losses.length;
    this.rounds += 1;
    const updated = loss < this.released;
    if (updated) this.released = loss;
    return { round: this.rounds, loss, released: this.released, updated, threshold: 0 };
  }
}

/** Pure form of the Ladder: the released best loss after each submission, in order. */
export function runLadder(submissions: Iterable<ArrayLike<number>>, options: LadderOptions = {}): LeaderboardStep[] {
  const board = new Ladder(options);
  return Array.from(submissions, (losses) => board.submit(losses));
}

/** Pure form of the naive leaderboard, for comparison with runLadder. */
export function runNaiveLeaderboard(submissions: Iterable<ArrayLike<number>>): LeaderboardStep[] {
  const board = new NaiveLeaderboard();
  return Array.from(submissions, (losses) => board.submit(losses));
}
