import { describe, expect, it } from 'vitest';
import {
  accuracyHalfWidth,
  compareParts,
  precisionGuidance,
  rmseRelativeHalfWidth,
  splitGuidance,
  summarizeParts,
} from '@/server/domain/splits/guidance';
import { createRandomSource } from '@/server/shared/splits/random-source';
import { randomSplit } from '@/server/shared/splits/strategy-random';
import { timeOrderedSplit } from '@/server/shared/splits/strategy-time-ordered';
import type { SplitInputColumn } from '@/server/shared/splits/types';
import { normal, seededUniform } from '../../../server/shared/seeded-random';
import { messageOf } from './helpers';

describe('accuracy precision', () => {
  it('half-widths by hand', () => {
    // 1% of 1M rows: 1.96·√(.25/10,000) = 1.96·.005 = .0098 → ±0.98 points.
    expect(accuracyHalfWidth(10_000)).toBeCloseTo(0.0098, 12);
    // At 90% accuracy: 1.96·√(.09/10,000) = 1.96·.003 = .00588.
    expect(accuracyHalfWidth(10_000, 0.9)).toBeCloseTo(0.00588, 12);
    // 100 rows: 1.96·.05 = .098 → ±9.8 points.
    expect(accuracyHalfWidth(100)).toBeCloseTo(0.098, 12);
  });

  it('explains dev and test sizes in points', () => {
    const [dev, test] = precisionGuidance({ train: 980_000, dev: 10_000, test: 10_000 }, 'classification', 0.9);
    expect(dev!.message).toBe(
      'dev: 10,000 rows measure accuracy to ±0.98 points (95% interval, worst case, ±0.59 points at accuracy 0.9); two models closer than that cannot be told apart here.',
    );
    expect(test!.halfWidthObserved).toBeCloseTo(0.00588, 12);
    expect(messageOf(() => precisionGuidance({ train: 1, dev: 1, test: 1 }, 'classification', 1.5))).toBe('Observed accuracy must be between 0 and 1 (got 1.5).');
  });
});

describe('RMSE precision (regression)', () => {
  it('half-widths by hand, as a share of the RMSE', () => {
    // 1.96 / √(2 · 1,000) = 1.96 / 44.72 = 0.04383 → ±4.4%.
    expect(rmseRelativeHalfWidth(1_000)).toBeCloseTo(0.043827, 6);
    // 1.96 / √(2 · 50,000) = 1.96 / 316.23 = 0.0061981 → ±0.62%.
    expect(rmseRelativeHalfWidth(50_000)).toBeCloseTo(0.0061981, 6);
    const [dev] = precisionGuidance({ train: 8_000, dev: 1_000, test: 1_000 }, 'regression');
    expect(dev).toMatchObject({ metric: 'rmse', rows: 1_000 });
    expect(dev!.message).toBe(
      'dev: 1,000 rows measure RMSE to ±4.4% of its value (95% interval, for roughly normal errors; heavy tails widen it); two models whose RMSEs differ by less than that cannot be told apart here.',
    );
  });

  it('matches a simulation: the spread of RMSEs measured on 1,000 normal errors', () => {
    // 2,000 dev sets of 1,000 N(0, 1) errors: the middle 95% of their RMSEs spans about ±4.4%.
    const random = seededUniform(11);
    const rmses = Array.from({ length: 2_000 }, () => {
      let sum = 0;
      for (let i = 0; i < 1_000; i++) sum += normal(random) ** 2;
      return Math.sqrt(sum / 1_000);
    }).sort((a, b) => a - b);
    const halfSpread = (rmses[1_949]! - rmses[50]!) / 2;
    expect(halfSpread).toBeGreaterThan(0.04);
    expect(halfSpread).toBeLessThan(0.048);
  });
});

describe('part summaries', () => {
  const assignment = Uint8Array.of(0, 0, 0, 0, 1, 1, 2, 2);

  it('label distribution per part', () => {
    const y: SplitInputColumn = { kind: 'categorical', values: ['a', 'a', 'b', 'b', 'a', 'b', 'a', null] };
    const [train, dev, test] = summarizeParts(assignment, { name: 'y', column: y, task: 'classification' });
    expect(train).toMatchObject({ part: 'train', rows: 4, share: 0.5, labels: [{ label: 'a', count: 2, share: 0.5 }, { label: 'b', count: 2, share: 0.5 }] });
    expect(dev!.labels).toEqual([{ label: 'a', count: 1, share: 0.5 }, { label: 'b', count: 1, share: 0.5 }]);
    expect(test!.labels).toEqual([{ label: 'a', count: 1, share: 0.5 }, { label: 'b', count: 0, share: 0 }, { label: '(missing)', count: 1, share: 0.5 }]);
  });

  it('regression target summary per part', () => {
    const y: SplitInputColumn = { kind: 'numeric', values: Float64Array.of(1, 2, 3, 4, 10, 20, 5, Number.NaN) };
    const [train, , test] = summarizeParts(assignment, { name: 'price', column: y, task: 'regression' });
    // train 1,2,3,4: mean 2.5, sample std √(5/3), quartiles 1.75 / 2.5 / 3.25 (type 7).
    expect(train!.target).toMatchObject({ count: 4, missing: 0, mean: 2.5, min: 1, p25: 1.75, median: 2.5, p75: 3.25, max: 4 });
    expect(train!.target!.std).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(test!.target).toMatchObject({ count: 1, missing: 1, mean: 5, median: 5 });
  });
});

/** 20,000 synthetic rows; `drift` makes age grow and the label flip with row index (time). */
function synthetic(drift: boolean) {
  const n = 20_000;
  const r = createRandomSource(11);
  const u = () => r.nextUint32() / 2 ** 32;
  const age = new Float64Array(n);
  const income = new Float64Array(n);
  const city: string[] = [];
  const label: string[] = [];
  const when = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / n;
    age[i] = 20 + 40 * u() + (drift ? 30 * t : 0);
    income[i] = u() < 0.05 ? Number.NaN : 1000 * u();
    city.push(['paris', 'lyon', 'nice', 'lille'][Math.floor(4 * u())]!);
    label.push(u() < (drift ? 0.2 + 0.6 * t : 0.5) ? 'yes' : 'no');
    when[i] = 1_700_000_000_000 + i * 60_000;
  }
  const features: Record<string, SplitInputColumn> = {
    age: { kind: 'numeric', values: age },
    income: { kind: 'numeric', values: income },
    city: { kind: 'categorical', values: city },
    when: { kind: 'date', values: when },
    note: { kind: 'text', values: city.map((c) => `lives in ${c}`) },
  };
  return { n, features, target: { name: 'bought', column: { kind: 'categorical', values: label } as SplitInputColumn, task: 'classification' as const } };
}

describe('mismatch checks', () => {
  it('a random split of stationary data looks like one distribution', () => {
    const { n, features, target } = synthetic(false);
    const assignment = randomSplit({ rowCount: n, fractions: { train: 0.8, dev: 0.1, test: 0.1 }, seed: 4 });
    const result = compareParts({ assignment, target, features }, 'dev', 'test');
    expect(result.checks.map((c) => c.feature)).toEqual(['bought', 'age', 'income', 'city']);
    expect(result.skipped.map((s) => s.feature)).toEqual(['when', 'note']);
    expect(result.alpha).toBeCloseTo(0.05 / 4, 15);
    expect(result.severity).toBe('none');
    expect(result.verdict).toBe('Dev and test look like the same distribution (4 checks: every PSI below 0.1, no test significant at Bonferroni α = 0.013).');
  });

  it('a time-ordered split of drifting data warns, naming the feature, PSI and p-value', () => {
    const { n, features, target } = synthetic(true);
    const assignment = timeOrderedSplit({ rowCount: n, date: features.when!, dateName: 'when', fractions: { train: 0.6, dev: 0.2, test: 0.2 } });
    const result = compareParts({ assignment, target, features }, 'dev', 'test');
    expect(result.severity).toBe('major');
    const age = result.checks.find((c) => c.feature === 'age')!;
    expect(age.severity).toBe('major');
    expect(age.pValue).toBeLessThan(0.001);
    expect(result.verdict).toMatch(/^Warning: dev and test differ on (the label 'bought'|'age') \(PSI \d\.\d\d, (KS|chi-square) p < 0\.001\)/);
    expect(result.verdict).toMatch(/'age' \(PSI \d\.\d\d, KS p < 0\.001\)/);
    expect(result.verdict).toMatch(/— scores on dev may not predict test\./);
    expect(result.checks.find((c) => c.feature === 'city')!.severity).not.toBe('major');
  });

  it('full guidance offers train vs dev too, and warns about low power on tiny parts', () => {
    const { features, target } = synthetic(false);
    const small = { bought: target.column, age: features.age! };
    const n = 20_000;
    const assignment = randomSplit({ rowCount: n, fractions: { train: 0.996, dev: 0.002, test: 0.002 }, seed: 1 });
    const g = splitGuidance({ assignment, target, features: small });
    expect(g.parts.map((p) => p.rows)).toEqual([19_920, 40, 40]);
    expect(g.trainVsDev.a).toBe('train');
    expect(g.devVsTest.verdict).toMatch(/With only 40 rows in the smaller part, these checks can miss real differences\.$/);
    expect(g.precision[0]!.halfWidthWorstCase).toBeCloseTo(1.96 * Math.sqrt(0.25 / 40), 12);
  });
});
