import { describe, expect, it } from 'vitest';
import { baselineDevError, describeBaseline, devBaseline } from '@/server/domain/splits/baseline';
import type { PartSummary } from '@/server/domain/splits/guidance';

const labels = (pairs: [string, number][]) => {
  const rows = pairs.reduce((s, [, c]) => s + c, 0);
  return pairs.map(([label, count]) => ({ label, count, share: count / rows }));
};

describe('the dev baseline: what predicting a constant fitted on train scores on dev', () => {
  it('predicts the majority train class and scores its share of the labelled dev rows', () => {
    const parts: PartSummary[] = [
      { part: 'train', rows: 100, share: 0.8, labels: labels([['no', 30], ['yes', 65], ['(missing)', 5]]) },
      // Dev's own majority is 'no': the baseline is fitted on train, not on dev.
      { part: 'dev', rows: 12, share: 0.1, labels: labels([['no', 6], ['yes', 4], ['(missing)', 2]]) },
      { part: 'test', rows: 13, share: 0.1 },
    ];
    const baseline = devBaseline(parts, 'classification');
    expect(baseline).toEqual({ kind: 'majority-class', label: 'yes', devAccuracy: 4 / 10, devRows: 10 });
    expect(baselineDevError(baseline!)).toBeCloseTo(0.6, 12);
    expect(describeBaseline(baseline!)).toBe('predicting the majority class ‘yes’ for every row');
  });

  it('breaks a tie for the majority by the first listed label, and scores 0 when dev lacks that class', () => {
    const parts: PartSummary[] = [
      { part: 'train', rows: 4, share: 0.5, labels: labels([['a', 2], ['b', 2]]) },
      { part: 'dev', rows: 3, share: 0.5, labels: labels([['a', 0], ['b', 3]]) },
    ];
    expect(devBaseline(parts, 'classification')).toMatchObject({ label: 'a', devAccuracy: 0 });
  });

  it('predicts the train mean and gives the dev RMSE and R² it earns, by hand', () => {
    // Dev values 1, 2, 3, 6: mean 3, sample std sqrt(14/3); train mean 2.
    const parts: PartSummary[] = [
      { part: 'train', rows: 10, share: 0.7, target: { count: 10, missing: 0, mean: 2, std: 1, min: 0, p25: 1, median: 2, p75: 3, max: 4 } },
      { part: 'dev', rows: 4, share: 0.3, target: { count: 4, missing: 0, mean: 3, std: Math.sqrt(14 / 3), min: 1, p25: 1.75, median: 2.5, p75: 3.75, max: 6 } },
    ];
    const baseline = devBaseline(parts, 'regression');
    // Errors against 2: −1, 0, 1, 4 → MSE 18/4; SST around the dev mean 3: 4+1+0+9 = 14 → R² = 1 − 18/14.
    expect(baseline).toMatchObject({ kind: 'train-mean', value: 2, devRows: 4 });
    expect(baseline!.kind === 'train-mean' && baseline!.devRmse).toBeCloseTo(Math.sqrt(18 / 4), 12);
    expect(baseline!.kind === 'train-mean' && baseline!.devR2).toBeCloseTo(1 - 18 / 14, 12);
    expect(describeBaseline(baseline!)).toBe('predicting the train mean 2 for every row');
  });

  it('says nothing where the split cannot tell: no summaries, no labelled dev rows, a one-value dev part', () => {
    expect(devBaseline(undefined, 'classification')).toBeNull();
    expect(devBaseline([], 'regression')).toBeNull();
    const noDevLabels: PartSummary[] = [
      { part: 'train', rows: 2, share: 0.5, labels: labels([['a', 2]]) },
      { part: 'dev', rows: 1, share: 0.5, labels: labels([['(missing)', 1]]) },
    ];
    expect(devBaseline(noDevLabels, 'classification')).toBeNull();
    const oneDevValue: PartSummary[] = [
      { part: 'train', rows: 2, share: 0.5, target: { count: 2, missing: 0, mean: 1, std: 0, min: 1, p25: 1, median: 1, p75: 1, max: 1 } },
      { part: 'dev', rows: 1, share: 0.5, target: { count: 1, missing: 0, mean: 4, std: Number.NaN, min: 4, p25: 4, median: 4, p75: 4, max: 4 } },
    ];
    expect(devBaseline(oneDevValue, 'regression')).toMatchObject({ devRmse: 3, devR2: null });
  });
});
