import { describe, expect, it } from 'vitest';
import {
  accuracyHalfWidth,
  compareParts,
  judgeComparison,
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
    const result = compareParts({ assignment, target, features, definition: { strategy: 'random' } }, 'dev', 'test');
    // A random split compares dates like any number: only a time-ordered split differs on them by design.
    expect(result.checks.map((c) => c.feature)).toEqual(['bought', 'age', 'income', 'city', 'when']);
    expect(result.skipped.map((s) => s.feature)).toEqual(['note']);
    expect(result.alpha).toBeCloseTo(0.05 / 5, 15);
    expect(result.severity).toBe('none');
    expect(result.verdict).toBe('Dev and test look like the same distribution (5 checks: no PSI more than 0.1 beyond what chance alone reaches at these sizes, no test significant at Bonferroni α = 0.010).');
  });

  it('a time-ordered split of drifting data warns, naming the feature, PSI and p-value', () => {
    const { n, features, target } = synthetic(true);
    const assignment = timeOrderedSplit({ rowCount: n, date: features.when!, dateName: 'when', fractions: { train: 0.6, dev: 0.2, test: 0.2 } });
    const result = compareParts({ assignment, target, features, definition: { strategy: 'time-ordered', column: 'when' } }, 'dev', 'test');
    expect(result.skipped.find((s) => s.feature === 'when')!.reason).toBe('the split orders by this column: parts hold different ranges of it, by design');
    expect(result.severity).toBe('major');
    const age = result.checks.find((c) => c.feature === 'age')!;
    expect(age.severity).toBe('major');
    expect(age.pValue).toBeLessThan(0.001);
    expect(result.verdict).toMatch(/^Warning: dev and test differ on (the label 'bought'|'age') \(PSI \d\.\d\d, (KS|chi-square) p < 0\.001\)/);
    expect(result.verdict).toMatch(/'age' \(PSI \d\.\d\d, KS p < 0\.001\)/);
    expect(result.verdict).toMatch(/— scores on dev may not predict test\./);
    expect(result.checks.find((c) => c.feature === 'city')!.severity).not.toBe('major');
  });

  it('does not call random parts of 15 rows a mismatch by noise alone', () => {
    const { features } = synthetic(false);
    const small = { age: features.age!, city: features.city! };
    const severities: string[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const assignment = new Uint8Array(20_000).fill(3);
      // 150 rows of the stationary data, split 120/15/15; the rest belong to no part.
      randomSplit({ rowCount: 150, fractions: { train: 0.8, dev: 0.1, test: 0.1 }, seed }).forEach((p, i) => (assignment[i] = p));
      const result = compareParts({ assignment, features: small, definition: { strategy: 'random' } }, 'dev', 'test');
      severities.push(result.severity);
    }
    expect(severities.filter((s) => s === 'major')).toEqual([]);
  });

  it('grades by the standard PSI bands beyond chance, and says when a large PSI on few rows is not significant', () => {
    // 30 dev and 30 test rows; test's values sit higher: a large PSI the KS test cannot confirm at this size.
    const n = 100;
    const values = new Float64Array(n);
    const assignment = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      assignment[i] = i < 40 ? 0 : i < 70 ? 1 : 2;
      values[i] = i < 70 ? i % 10 : (i % 10) + 2.5;
    }
    const result = compareParts({ assignment, features: { score: { kind: 'numeric', values } } }, 'dev', 'test');
    const check = result.checks[0]!;
    expect(check.psi).toBeGreaterThanOrEqual(0.25);
    expect(check.pValue).toBeGreaterThanOrEqual(result.alpha);
    expect(check.severity).toBe('major');
    expect(result.verdict).toMatch(/^Warning: dev and test differ on 'score' \(PSI \d+\.\d\d where chance alone reaches \d\.\d\d, KS p = [\d.]+, not significant: may be chance\)/);
  });

  it('sees parts that hold different values of a column: below the other part’s range, or entities of their own', () => {
    // Dev holds mode 3, test mode 2: a's own deciles would pool every test value into dev's first bin (PSI 0).
    const n = 60;
    const assignment = new Uint8Array(n).map((_, i) => (i < 20 ? 0 : i < 40 ? 1 : 2));
    const mode = new Float64Array(n).map((_, i) => (i < 20 ? 1 + (i % 4) : i < 40 ? 3 : 2));
    const numeric = compareParts({ assignment, features: { mode: { kind: 'numeric', values: mode } } }, 'dev', 'test');
    expect(numeric.checks[0]!.psi).toBeGreaterThan(1);
    expect(numeric.severity).toBe('major');
    // 30 patients of 4 visits each over more categories than PSI keeps apart: dev and test share none.
    const patients = Array.from({ length: 240 }, (_, i) => `p${Math.floor(i / 4)}`);
    const parts = new Uint8Array(240).map((_, i) => (i < 120 ? 0 : i < 180 ? 1 : 2));
    const entity = compareParts({ assignment: parts, features: { patient: { kind: 'categorical', values: patients } } }, 'dev', 'test');
    expect(entity.checks[0]!.unseenShareB).toBe(1);
    expect(entity.severity).toBe('major');
    expect(entity.verdict).toMatch(/'patient' \(PSI [\d.]+ where chance alone reaches [\d.]+, chi-square p [<=] [\d.]+, 100% of test rows hold values the other part never has/);
    // Grouped by that column, it is the point of the split, not a mismatch.
    const grouped = compareParts({ assignment: parts, features: { patient: { kind: 'categorical', values: patients } }, definition: { strategy: 'grouped', column: 'patient' } }, 'dev', 'test');
    expect(grouped.checks).toEqual([]);
    expect(grouped.skipped).toEqual([{ feature: 'patient', reason: 'the split groups by this column: each value is in one part only, by design' }]);
    // Unique values (IDs) are unseen elsewhere by nature and say nothing.
    const ids = compareParts({ assignment: parts, features: { id: { kind: 'categorical', values: patients.map((_, i) => `row${i}`) } } }, 'dev', 'test');
    expect(ids.checks[0]!.unseenShareB).toBeUndefined();
  });

  it('judges stored checks again by the same rule: an old "minor" PSI of 10 reads as major', () => {
    const stored = { feature: 'age', kind: 'numeric' as const, psi: 10.44, test: 'ks' as const, statistic: 0.9, pValue: 0.2, rowsA: 5, rowsB: 5, missingA: 0, missingB: 0, role: 'feature' as const };
    const judged = judgeComparison('dev', 'test', [stored], [], 5);
    expect(judged.checks[0]!.severity).toBe('major');
    expect(judged.verdict).toMatch(/^Warning: dev and test differ on 'age' \(PSI 10\.44, KS p = 0\.20, not significant: may be chance\) — scores on dev may not predict test\. With only 5 rows/);
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
