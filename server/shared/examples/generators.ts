import { z } from 'zod';
import { createRng, type Rng } from '../stats/random';

/**
 * The small 2-D problems of deep-learning courses, generated from a seed so that a team
 * that regenerates one gets the very same rows (and so the same content hash).
 */
export const GENERATED_EXAMPLES = {
  flower: { title: 'Planar “flower”', description: 'Two classes in petals (deeplearning.ai, course 1 week 3): a logistic regression scores ~47%, a small MLP ~90%.' },
  moons: { title: 'Two moons', description: 'Two interleaving half circles (scikit-learn’s make_moons): not linearly separable.' },
  circles: { title: 'Concentric circles', description: 'A circle inside a ring (make_circles): needs a non-linear boundary.' },
  spirals: { title: 'Spirals', description: 'K interleaved spiral arms (CS231n): a classic test for depth and learning rate.' },
} as const;

export type GeneratedExampleKind = keyof typeof GENERATED_EXAMPLES;

export const generatedExampleInput = z.object({
  kind: z.enum(['flower', 'moons', 'circles', 'spirals'], { message: 'Example must be one of: flower, moons, circles, spirals' }),
  rows: z.number().int().min(20, 'Generate at least 20 rows').max(1_000_000, 'Generate at most 1,000,000 rows'),
  noise: z.number().min(0, 'Noise is at least 0').max(2, 'Noise is at most 2'),
  seed: z.number().int().min(0, 'Seed is a whole number ≥ 0').max(2 ** 31 - 1, 'Seed is at most 2147483647'),
  classes: z.number().int().min(2, 'Spirals have at least 2 arms').max(8, 'Spirals have at most 8 arms').default(3),
});

export type GeneratedExampleInput = z.infer<typeof generatedExampleInput>;

export interface PlanarData {
  x1: Float64Array;
  x2: Float64Array;
  label: Int32Array;
}

function gaussian(rng: Rng): number {
  // Box–Muller; 1 − u keeps log() away from 0.
  const u = 1 - rng.nextFloat();
  const v = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function generatePlanar(input: GeneratedExampleInput): PlanarData {
  const { kind, rows: n, noise, seed, classes } = input;
  const rng = createRng(seed);
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const label = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let a: number;
    let b: number;
    let y: number;
    if (kind === 'moons') {
      y = i % 2;
      const t = Math.PI * rng.nextFloat();
      a = y === 0 ? Math.cos(t) : 1 - Math.cos(t);
      b = y === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    } else if (kind === 'circles') {
      y = i % 2;
      const t = 2 * Math.PI * rng.nextFloat();
      const r = y === 0 ? 1 : 0.5;
      a = r * Math.cos(t);
      b = r * Math.sin(t);
    } else if (kind === 'flower') {
      // Course recipe: t spans [j·3.12, (j+1)·3.12], radius 4·sin(4t); its noise is 0.2 on t and r.
      y = i % 2;
      const t = (y + rng.nextFloat()) * 3.12 + gaussian(rng) * noise;
      const r = 4 * Math.sin(4 * t) + gaussian(rng) * noise;
      a = r * Math.sin(t);
      b = r * Math.cos(t);
      x1[i] = a;
      x2[i] = b;
      label[i] = y;
      continue;
    } else {
      y = i % classes;
      const r = rng.nextFloat();
      const t = (y + r) * 4 + gaussian(rng) * noise;
      a = r * Math.sin(t);
      b = r * Math.cos(t);
      x1[i] = a;
      x2[i] = b;
      label[i] = y;
      continue;
    }
    x1[i] = a + gaussian(rng) * noise;
    x2[i] = b + gaussian(rng) * noise;
    label[i] = y;
  }
  return { x1, x2, label };
}

/** The generated rows as CSV, so examples go through the same ingest as any upload. */
export function planarToCsv(data: PlanarData, classNames: (label: number) => string = (l) => `class_${l}`): string {
  const lines = ['x1,x2,label'];
  for (let i = 0; i < data.label.length; i++) {
    lines.push(`${round(data.x1[i]!)},${round(data.x2[i]!)},${classNames(data.label[i]!)}`);
  }
  return lines.join('\n') + '\n';
}

function round(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}
