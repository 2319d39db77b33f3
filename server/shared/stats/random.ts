import { DomainError } from '../errors';

/** Source of uniform randomness; everything in stats/ that resamples takes one of these. */
export interface Rng {
  /** Uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** Uniform float in [0, 1) with 32 bits of resolution. */
  nextFloat(): number;
  /** Uniform integer in [0, n), unbiased, for 1 <= n <= 2^32. */
  nextInt(n: number): number;
}

export type RngState = readonly [number, number, number, number];

const TWO_32 = 4294967296;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * xoshiro128** (Blackman & Vigna, 2018). Chosen over mulberry32 because its 2^128 − 1 period
 * and full 32-bit equidistribution leave no gaps in the output, while still using only 32-bit
 * integer ops (Math.imul, shifts), so every JS engine produces the same stream for a seed.
 */
export class SeededRng implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  private constructor(state: RngState) {
    [this.s0, this.s1, this.s2, this.s3] = state.map((w) => w >>> 0) as [number, number, number, number];
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) {
      throw new DomainError('BAD_INPUT', 'Random generator state must not be all zeros.');
    }
  }

  /** Raw state constructor; exists so tests can check against the reference implementation. */
  static fromState(state: RngState): SeededRng {
    return new SeededRng(state);
  }

  /**
   * Expands an integer seed with splitmix32 so that nearby seeds (0, 1, 2…) give unrelated
   * streams. Seeds up to 2^53 are accepted so stored run seeds can be passed as they are.
   */
  static fromSeed(seed: number): SeededRng {
    if (!Number.isSafeInteger(seed)) {
      throw new DomainError('BAD_INPUT', `Seed must be a safe integer, got ${seed}.`);
    }
    let x = (seed >>> 0) ^ Math.imul(Math.floor(seed / TWO_32) >>> 0, 0x85ebca6b);
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) | 0;
      let t = x ^ (x >>> 16);
      t = Math.imul(t, 0x21f0aaad);
      t ^= t >>> 15;
      t = Math.imul(t, 0x735a2d97);
      words.push((t ^ (t >>> 15)) >>> 0);
    }
    // The all-zero state is xoshiro's one fixed point.
    if ((words[0]! | words[1]! | words[2]! | words[3]!) === 0) words[0] = 1;
    return new SeededRng(words as unknown as RngState);
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  nextFloat(): number {
    return this.nextUint32() / TWO_32;
  }

  nextInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_32) {
      throw new DomainError('BAD_INPUT', `nextInt bound must be an integer in [1, 2^32], got ${n}.`);
    }
    // Rejection keeps every residue equally likely; plain `% n` would favour small values
    // whenever n does not divide 2^32.
    const limit = TWO_32 - (TWO_32 % n);
    for (;;) {
      const u = this.nextUint32();
      if (u < limit) return u % n;
    }
  }
}

/** Seeded generator; same seed, same stream, on every machine. */
export function createRng(seed: number): SeededRng {
  return SeededRng.fromSeed(seed);
}
