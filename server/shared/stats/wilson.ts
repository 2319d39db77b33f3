import { DomainError } from '../errors';
import { zForConfidence } from './normal';

export interface ProportionInterval {
  /** k / n, the observed proportion. */
  estimate: number;
  lower: number;
  upper: number;
  /** Midpoint of the interval; pulled towards 1/2 relative to the estimate. */
  center: number;
  confidence: number;
  z: number;
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new DomainError('BAD_INPUT', `${name} must be a non-negative integer, got ${value}.`);
  }
}

/**
 * Wilson score interval for k successes in n trials (E. B. Wilson, 1927). Preferred over the
 * Wald interval p ± z·sqrt(p(1−p)/n) because it stays inside [0, 1] and keeps its coverage
 * when accuracy is near 0 or 1, which is exactly where good classifiers live.
 */
export function wilsonInterval(k: number, n: number, confidence = 0.95): ProportionInterval {
  checkCount('Successes', k);
  checkCount('Trials', n);
  if (n === 0) throw new DomainError('BAD_INPUT', 'Cannot build an interval from zero trials.');
  if (k > n) throw new DomainError('BAD_INPUT', `Successes (${k}) exceed trials (${n}).`);
  const z = zForConfidence(confidence);
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamp only float noise: mathematically the bounds are already in [0, 1] and equal 0 (or 1)
  // exactly when k = 0 (or k = n).
  const lower = k === 0 ? 0 : Math.max(0, center - half);
  const upper = k === n ? 1 : Math.min(1, center + half);
  return { estimate: p, lower, upper, center, confidence, z };
}

/**
 * Half-width of a normal-approximation CI on accuracy for a dev split of n rows, as a proportion
 * (0.0098 = ±0.98 percentage points at n = 10,000). p = 0.5 is the worst case, so the default
 * answers "how small a difference can this dev split resolve at all".
 */
export function accuracyCiHalfWidth(n: number, p = 0.5, confidence = 0.95): number {
  if (!Number.isInteger(n) || n < 1) {
    throw new DomainError('BAD_INPUT', `Dev size must be a positive integer, got ${n}.`);
  }
  if (!(p >= 0 && p <= 1)) throw new DomainError('BAD_INPUT', `Accuracy must be in [0, 1], got ${p}.`);
  return zForConfidence(confidence) * Math.sqrt((p * (1 - p)) / n);
}
