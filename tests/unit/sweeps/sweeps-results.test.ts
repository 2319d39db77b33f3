import { describe, expect, it } from 'vitest';
import { defaultModelConfig } from '@/server/shared/runs/model-config';
import { parameterImportance } from '@/server/shared/sweeps/importance';
import { applyAssignment, assignmentFromConfig, searchSpaceSchema } from '@/server/shared/sweeps/space';
import { nameWinner, rankConfigurations, type TrialOutcome } from '@/server/shared/sweeps/winner';

const base = defaultModelConfig('classification');
const trial = (configKey: string, seed: number, value: number | null, source: TrialOutcome['source'] = 'strategy', status = 'succeeded'): TrialOutcome => ({
  configKey,
  assignment: { learningRate: configKey === 'a' ? 0.01 : 0.1 },
  seed,
  source,
  status,
  value,
});

describe('naming a winner', () => {
  it('ranks on the mean over seeds, not on one lucky seed, and ignores stopped and failed trials', () => {
    const trials = [trial('a', 1, 0.8), trial('a', 2, 0.82), trial('b', 1, 0.95), trial('b', 2, 0.6), trial('c', 1, 0.99, 'strategy', 'stopped'), trial('d', 1, null, 'strategy', 'failed')];
    const ranked = rankConfigurations(trials, 'maximize');
    expect(ranked.map((r) => r.configKey)).toEqual(['a', 'b']);
    expect(ranked[0]!.sweep.mean).toBeCloseTo(0.81, 12);
    expect(ranked[1]!.sweep.mean).toBeCloseTo(0.775, 12);
    // Minimised goals rank the other way.
    expect(rankConfigurations(trials, 'minimize').map((r) => r.configKey)).toEqual(['b', 'a']);
  });

  it('pairs the top two seed by seed: a paired t interval of the difference, preferring fresh confirmation seeds', () => {
    const sweep = [trial('a', 1, 0.9), trial('a', 2, 0.91), trial('a', 3, 0.92), trial('b', 1, 0.8), trial('b', 2, 0.82), trial('b', 3, 0.81)];
    const report = nameWinner(sweep, 'maximize', 'dev accuracy');
    // Differences 0.10, 0.09, 0.11: mean 0.10, sd 0.01, t(0.975, 2) = 4.3027 → ± 0.02484.
    expect(report.comparison).toMatchObject({ on: 'sweep', difference: { n: 3 } });
    expect(report.comparison!.difference.mean).toBeCloseTo(0.1, 12);
    expect(report.comparison!.difference.lower!).toBeCloseTo(0.1 - 4.302652729911275 * (0.01 / Math.sqrt(3)), 9);
    expect(report.separated).toBe(true);
    expect(report.verdict).toMatch(/^The winner's dev accuracy is higher than the runner-up's by \+0\.100 \(95% CI \+0\.075 to \+0\.125, 3 paired seeds, p = /);

    const confirmed = [...sweep, trial('a', 10, 0.85, 'confirm'), trial('a', 11, 0.86, 'confirm'), trial('b', 10, 0.86, 'confirm'), trial('b', 11, 0.84, 'confirm')];
    const honest = nameWinner(confirmed, 'maximize', 'dev accuracy');
    expect(honest.comparison?.on).toBe('confirm');
    expect(honest.separated).toBe(false);
    expect(honest.verdict).toMatch(/^The top two cannot be told apart: .* 2 paired fresh seeds/);
    expect(honest.ranked[0]!.confirm).toMatchObject({ n: 2, mean: expect.closeTo(0.855, 12) });
  });

  it('says in words when there is nothing to compare or too few common seeds', () => {
    expect(nameWinner([], 'maximize', 'dev accuracy').verdict).toBe('No configuration has finished yet.');
    expect(nameWinner([trial('a', 1, 0.9)], 'maximize', 'dev accuracy').verdict).toMatch(/^Only one configuration has finished/);
    const one = nameWinner([trial('a', 1, 0.9), trial('b', 1, 0.8)], 'maximize', 'dev accuracy');
    expect(one.separated).toBe(false);
    expect(one.verdict).toMatch(/fewer than two seeds in common.*Confirm the top 2 on fresh seeds/);
  });
});

describe('parameter importance (η² of each parameter alone)', () => {
  it('gives the parameter that drives the goal nearly all the variance, and a noise parameter little', () => {
    const trials = Array.from({ length: 40 }, (_, i) => ({
      assignment: { learningRate: 10 ** (-4 + (i % 8) * 0.4), activation: ['relu', 'tanh'][Math.floor(i / 8) % 2]! },
      value: 0.5 + 0.05 * (i % 8) + 0.001 * (Math.floor(i / 8) % 2),
    }));
    const [first, second] = parameterImportance(trials);
    expect(first!.parameter).toBe('learningRate');
    expect(first!.share).toBeGreaterThan(0.9);
    expect(second).toMatchObject({ parameter: 'activation', groups: 2 });
    expect(second!.share).toBeLessThan(0.01);
  });

  it('needs three finished trials and two groups', () => {
    expect(parameterImportance([{ assignment: { l2: 1 }, value: 1 }])).toEqual([]);
    expect(parameterImportance([1, 2, 3].map((v) => ({ assignment: { l2: 0.1 }, value: v })))).toEqual([]);
  });
});

describe('warm start: reading a run back as a point of the space', () => {
  const space = searchSpaceSchema.parse({ learningRate: { kind: 'logUniform', low: 1e-4, high: 1e-1 }, units: { kind: 'int', low: 8, high: 64 } });

  it('reads a config the space could have proposed, with units per layer', () => {
    const run = applyAssignment(base, { learningRate: 0.01, units_1: 32 });
    const layers = base.hiddenLayers.length;
    const assignment = assignmentFromConfig(space, base, { ...run, seed: 99 });
    expect(assignment).toMatchObject({ learningRate: 0.01, units_1: 32 });
    expect(Object.keys(assignment!).filter((k) => k.startsWith('units_'))).toHaveLength(layers);
  });

  it('refuses a run outside the space: a value out of range, or a field the space does not sample that differs from the base', () => {
    expect(assignmentFromConfig(space, base, applyAssignment(base, { learningRate: 0.5 }))).toBeNull();
    expect(assignmentFromConfig(space, base, { ...applyAssignment(base, { learningRate: 0.01 }), l2: 0.123 })).toBeNull();
  });
});
