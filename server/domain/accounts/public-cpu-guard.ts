import 'server-only';
import { DomainError } from '../../shared/errors';

/**
 * Signing up and signing in are what anyone may call that costs real CPU: a password hash
 * (scrypt, ~0.1–0.3 s of a core). Unchecked, a batch of sign-ups or of sign-ins with made-up
 * emails slows the whole instance. Per web process: sign-ups draw on a token bucket (a burst,
 * then a steady rate), and every hash for a caller who is not signed in waits for one shared
 * slot, so anonymous hashing never holds more than one core.
 */
export interface PublicCpuGuard {
  /** Refuses with TOO_MANY_REQUESTS when the bucket is empty. */
  take(now?: number): void;
  /** Runs `hash` when no other anonymous caller's hash is running. */
  hashSlot<T>(hash: () => Promise<T>): Promise<T>;
}

export function createPublicCpuGuard(options: { burst: number; perMinute: number }): PublicCpuGuard {
  let tokens = options.burst;
  let updatedAt = Date.now();
  let queue: Promise<unknown> = Promise.resolve();
  return {
    take(now = Date.now()) {
      tokens = Math.min(options.burst, tokens + ((now - updatedAt) / 60_000) * options.perMinute);
      updatedAt = now;
      if (tokens < 1) {
        const seconds = Math.ceil(((1 - tokens) / options.perMinute) * 60);
        throw new DomainError('TOO_MANY_REQUESTS', `Too many accounts are being created right now. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`);
      }
      tokens -= 1;
    },
    hashSlot(hash) {
      const run = queue.then(hash, hash);
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

/** The web process's guard: 20 sign-ups at once, then 10 a minute; sign-in shares its hash slot. */
export const publicCpuGuard = createPublicCpuGuard({ burst: 20, perMinute: 10 });
