/**
 * The randomness behind every split. A split's manifest hash is stored forever and recomputed
 * on other machines, so this stream must never change: it uses only 32-bit integer operations
 * (Math.imul, shifts), which every JS engine evaluates identically, and no Math.random.
 * It is deliberately separate from server/shared/stats/random.ts: a change made there for
 * resampling must never silently change which rows are in an existing split.
 */

const TWO_32 = 4294967296;

/** Indexable integer storage that a shuffle can permute in place. */
export type ShuffleTarget = { [index: number]: number; readonly length: number } | number[];

export type RandomSource = {
  /** Uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** Uniform integer in [0, n), unbiased, for 1 <= n <= 2^32. */
  nextInt(n: number): number;
};

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * xoshiro128** (Blackman & Vigna 2018), seeded splitmix32-style (a Weyl sequence through the
 * MurmurHash3 fmix32 mixer) so nearby seeds 0, 1, 2 give unrelated streams. Chosen over
 * mulberry32 for its 2^128 − 1 period: with only 2^32 states, mulberry32 cannot reach every
 * permutation of even 13 rows (13! > 2^32), let alone a million.
 */
export function createRandomSource(seed: number): RandomSource {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
  }
  let x = seed | 0;
  const s = new Int32Array(4);
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    s[i] = z ^ (z >>> 16);
  }
  if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1;
  let s0 = s[0]!;
  let s1 = s[1]!;
  let s2 = s[2]!;
  let s3 = s[3]!;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };

  const nextInt = (n: number): number => {
    // Rejection keeps every residue equally likely; plain `% n` favours small values whenever
    // n does not divide 2^32. Doubles hold these integers exactly, so this is portable.
    const limit = TWO_32 - (TWO_32 % n);
    for (;;) {
      const u = nextUint32();
      if (u < limit) return u % n;
    }
  };

  return { nextUint32, nextInt };
}

/** Seeded Fisher–Yates over [start, end) of `items`, in place. */
export function shuffleInPlace(items: ShuffleTarget, random: RandomSource, start = 0, end = items.length): void {
  for (let i = end - 1; i > start; i--) {
    const j = start + random.nextInt(i - start + 1);
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
}

/** A seeded random permutation of 0..n−1. */
export function shuffledIndices(n: number, random: RandomSource): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  shuffleInPlace(order, random);
  return order;
}
