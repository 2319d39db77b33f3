import 'server-only';
import { API_RATE_BURST, API_RATE_PER_SECOND } from '@/server/shared/api-limits';

/**
 * A token bucket per API token, in this web process: `API_RATE_PER_SECOND` sustained, bursts up to
 * `API_RATE_BURST`. A script that logs through the SDK batches far below this; a runaway loop is
 * told to slow down (429 with Retry-After) before it fills the database. With several web replicas
 * each keeps its own buckets, so the limit is per replica.
 */
export class TokenRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly ratePerSecond = API_RATE_PER_SECOND,
    private readonly burst = API_RATE_BURST,
  ) {}

  /** Takes one request's worth; returns 0 when allowed, else the seconds to wait. */
  take(tokenId: string, now = Date.now()): number {
    const bucket = this.buckets.get(tokenId) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.ratePerSecond);
    bucket.at = now;
    this.buckets.set(tokenId, bucket);
    if (this.buckets.size > 10_000) this.evictFull(now);
    if (bucket.tokens < 1) return Math.ceil((1 - bucket.tokens) / this.ratePerSecond);
    bucket.tokens -= 1;
    return 0;
  }

  /** Buckets that have refilled are the same as no bucket: drop them so the map stays small. */
  private evictFull(now: number): void {
    for (const [id, b] of this.buckets) if (b.tokens + ((now - b.at) / 1000) * this.ratePerSecond >= this.burst) this.buckets.delete(id);
  }
}

/** The one limiter of this web process: /api/v1 and the MLflow API draw on the same bucket per token. */
export const apiRateLimiter = new TokenRateLimiter();
