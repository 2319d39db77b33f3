import { createRng } from './stats/random';

/**
 * Seeded helpers for reproducible shuffles and dropout masks, on the project's one ML generator
 * (xoshiro128** in server/shared/stats/random.ts). Split assignment keeps its own frozen stream.
 */
export function seededUniform(seed: number): () => number {
  const rng = createRng(seed >>> 0);
  return () => rng.nextFloat();
}

/** Standard normal by Box–Muller. */
export function normal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Fisher–Yates in place. */
export function shuffleInPlace(values: Int32Array, random: () => number): Int32Array {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = values[i]!;
    values[i] = values[j]!;
    values[j] = tmp;
  }
  return values;
}

export function permutation(n: number, random: () => number): Int32Array {
  const values = new Int32Array(n);
  for (let i = 0; i < n; i++) values[i] = i;
  return shuffleInPlace(values, random);
}

/**
 * tfjs draws dropout masks from seedrandom seeded by Math.random, with no way to pass a seed that
 * changes per step. Seeding Math.random for the duration of training makes dropout reproducible;
 * the trainer child (and each of its gradient threads) is single-purpose, and the original is
 * restored afterwards. Returns the restore function.
 */
export function seedMathRandom(seed: number): () => void {
  const original = Math.random;
  Math.random = seededUniform(seed ^ 0x5bd1e995);
  return () => {
    Math.random = original;
  };
}
