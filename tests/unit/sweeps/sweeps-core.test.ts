import { describe, expect, it } from 'vitest';
import { defaultModelConfig } from '@/server/shared/runs/model-config';
import { createRng } from '@/server/shared/stats/random';
import { meanWithTInterval, studentTQuantile } from '@/server/shared/stats/student-t';
import { ashaVerdict, medianVerdict, rungEpochs } from '@/server/shared/sweeps/early-stopping';
import { previewBudget, type SweepDefinition } from '@/server/shared/sweeps/definition';
import { sampleRandom } from '@/server/shared/sweeps/samplers';
import { applyAssignment, checkSpace, gridAssignment, gridSize, searchSpaceSchema } from '@/server/shared/sweeps/space';
import { sampleTpe, type Observation } from '@/server/shared/sweeps/tpe';

const base = defaultModelConfig('classification');
const issue = (space: unknown) => {
  const parsed = searchSpaceSchema.safeParse(space);
  return parsed.success ? null : `${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`;
};

describe('search space validation names the field', () => {
  it('refuses empty and inverted ranges, log ranges through 0, empty categoricals and wrong types', () => {
    expect(issue({})).toMatch(/search space is empty/);
    expect(issue({ learningRate: { kind: 'uniform', low: 0.1, high: 0.01 } })).toMatch(/^learningRate: the range of learningRate is empty or inverted/);
    expect(issue({ l2: { kind: 'logUniform', low: 0, high: 0.01 } })).toMatch(/^l2: a log range of l2 must stay above 0/);
    expect(issue({ activation: { kind: 'categorical', values: [] } })).toMatch(/^activation.values: a categorical parameter needs at least one value/);
    expect(issue({ activation: { kind: 'categorical', values: ['relu', 'swish'] } })).toMatch(/"swish" is not a choice for activation/);
    expect(issue({ units: { kind: 'uniform', low: 8, high: 64 } })).toMatch(/units is a whole number/);
    expect(issue({ kernelSize: { kind: 'int', low: 1, high: 3 } })).toMatch(/kernelSize is not a sweepable field/);
    expect(issue({ learningRate: { kind: 'logUniform', low: 1e-4, high: 1e-1 } })).toBeNull();
  });

  it('refuses a space whose extremes no run accepts, naming the field and the reason', () => {
    const space = searchSpaceSchema.parse({ learningRate: { kind: 'logUniform', low: 1e-4, high: 50 } });
    expect(checkSpace('classification', base, space)).toMatch(/space\.learningRate reaches 50.*learningRate: a learning rate of 50 will diverge/);
    expect(checkSpace('classification', base, searchSpaceSchema.parse({ units: { kind: 'int', low: 8, high: 256, log: true } }))).toBeNull();
  });
});

describe('grids', () => {
  const space = searchSpaceSchema.parse({ learningRate: { kind: 'categorical', values: [0.001, 0.01] }, units: { kind: 'int', low: 16, high: 64, step: 16 } });

  it('counts and enumerates every configuration exactly once', () => {
    expect(gridSize(space)).toEqual({ size: 8 });
    const all = Array.from({ length: 8 }, (_, i) => JSON.stringify(gridAssignment(space, i)));
    expect(new Set(all).size).toBe(8);
    expect(gridAssignment(space, 0)).toEqual({ learningRate: 0.001, units: 16 });
    expect(gridAssignment(space, 7)).toEqual({ learningRate: 0.01, units: 64 });
  });

  it('refuses a continuous range and a grid larger than the budget', () => {
    expect(gridSize(searchSpaceSchema.parse({ learningRate: { kind: 'logUniform', low: 1e-4, high: 1e-1 } }))).toMatchObject({ error: expect.stringMatching(/learningRate is log-uniform/) });
    const definition: SweepDefinition = {
      goal: 'devAccuracy',
      strategy: 'grid',
      space,
      earlyStop: { kind: 'off' },
      replicates: 2,
      budget: { maxTrials: 10, maxEpochs: null, concurrency: 2 },
      seed: 1,
      warmStart: false,
    };
    expect(previewBudget(definition, 20)).toEqual({ ok: false, message: expect.stringMatching(/^budget\.maxTrials: the grid has 8 configurations × 2 seeds = 16 trials, more than the budget of 10/) });
    expect(previewBudget({ ...definition, budget: { ...definition.budget, maxTrials: 16 }, earlyStop: { kind: 'asha', gracePeriod: 2, reductionFactor: 3 } }, 20)).toEqual({
      ok: true,
      preview: { gridConfigurations: 8, trials: 16, rungs: [2, 6, 18], epochsAtMost: 320 },
    });
  });
});

describe('assignments become model configs', () => {
  it('samples units per sampled layer, and sets the optimizer with its own coefficients', () => {
    const space = searchSpaceSchema.parse({ layers: { kind: 'int', low: 1, high: 4 }, units: { kind: 'int', low: 8, high: 512, log: true }, optimizer: { kind: 'categorical', values: ['sgd', 'momentum'] }, momentum: { kind: 'uniform', low: 0.5, high: 0.99 } });
    const rng = createRng(7);
    for (let i = 0; i < 50; i++) {
      const a = sampleRandom(space, base, rng);
      const layers = a.layers as number;
      expect(Object.keys(a).filter((k) => k.startsWith('units_'))).toHaveLength(layers);
      const config = applyAssignment(base, a);
      expect(config.hiddenLayers).toHaveLength(layers);
      config.hiddenLayers.forEach((l, k) => expect(l.units).toBe(a[`units_${k + 1}`]));
      for (const l of config.hiddenLayers) expect(l.units >= 8 && l.units <= 512).toBe(true);
      if (a.optimizer === 'momentum') expect(config.optimizer).toEqual({ kind: 'momentum', momentum: a.momentum });
      else expect(config.optimizer).toEqual({ kind: 'sgd' });
    }
    // Seeded: the same sweep seed proposes the same configurations.
    expect(sampleRandom(space, base, createRng(3))).toEqual(sampleRandom(space, base, createRng(3)));
  });
});

describe('ASHA and the median rule, against hand computations', () => {
  it('places rungs at r, rη, rη² below the last epoch', () => {
    expect(rungEpochs(1, 3, 30)).toEqual([1, 3, 9, 27]);
    expect(rungEpochs(5, 2, 40)).toEqual([5, 10, 20]);
    expect(rungEpochs(10, 2, 10)).toEqual([]);
  });

  it('continues only the top 1/η at a rung (numpy-style interpolated quantile)', () => {
    // Earlier values at the rung: 0.6, 0.7, 0.8, 0.9; η = 3 → quantile 2/3: h = 3 × 2/3 = 2 → 0.8.
    expect(ashaVerdict([0.6, 0.7, 0.8, 0.9], 0.79, 3, 'maximize')).toEqual({ stop: true, threshold: 0.8 });
    expect(ashaVerdict([0.6, 0.7, 0.8, 0.9], 0.8, 3, 'maximize')).toEqual({ stop: false, threshold: 0.8 });
    // η = 2 over 0.6, 0.7: the median 0.65.
    expect(ashaVerdict([0.6, 0.7], 0.64, 2, 'maximize').threshold).toBeCloseTo(0.65, 12);
    // Minimised loss: the 1/η quantile; 1.0, 2.0, 3.0 with η = 2 → 2.0.
    expect(ashaVerdict([3, 1, 2], 2.5, 2, 'minimize')).toEqual({ stop: true, threshold: 2 });
    // The first trial at a rung always continues; a NaN never does.
    expect(ashaVerdict([], 0.1, 3, 'maximize')).toEqual({ stop: false, threshold: null });
    expect(ashaVerdict([0.5], Number.NaN, 3, 'maximize').stop).toBe(true);
  });

  it('stops a trial worse than the median of the others’ running averages, once enough trials reached the epoch', () => {
    expect(medianVerdict(0.7, [0.6, 0.8], 3, 'maximize')).toEqual({ stop: false, threshold: null });
    expect(medianVerdict(0.7, [0.6, 0.75, 0.8], 3, 'maximize')).toEqual({ stop: true, threshold: 0.75 });
    expect(medianVerdict(0.4, [0.5, 0.3, 0.45], 3, 'minimize')).toEqual({ stop: false, threshold: 0.45 });
  });
});

describe('TPE', () => {
  it('proposes near the good observations once past its random start-up', () => {
    const space = searchSpaceSchema.parse({ learningRate: { kind: 'logUniform', low: 1e-5, high: 1 } });
    // The loss is smallest at learningRate = 1e-2.
    const rng = createRng(11);
    const observations: Observation[] = [];
    for (let i = 0; i < 40; i++) {
      const assignment = sampleTpe(space, base, observations, rng);
      observations.push({ assignment, loss: Math.abs(Math.log10(assignment.learningRate as number) + 2), pruned: false });
    }
    const late = observations.slice(20).map((o) => o.loss);
    const early = observations.slice(0, 10).map((o) => o.loss);
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
    expect(median(late)).toBeLessThan(median(early));
    expect(Math.min(...late)).toBeLessThan(0.2);
  });
});

describe('seeds as replicates', () => {
  it('gives the mean with a t interval matching a hand computation', () => {
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.302653, 5);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.042272, 5);
    // 0.81, 0.84, 0.83: mean 0.826667, s = 0.0152753, half-width 4.302653 × s / √3 = 0.0379458.
    const ci = meanWithTInterval([0.81, 0.84, 0.83]);
    expect(ci.mean).toBeCloseTo(0.826667, 6);
    expect(ci.upper! - ci.mean).toBeCloseTo(0.0379458, 6);
    expect(meanWithTInterval([0.8])).toMatchObject({ n: 1, lower: null, upper: null });
  });
});
