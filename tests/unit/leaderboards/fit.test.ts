import { describe, expect, it } from 'vitest';
import { fitOf } from '@/server/domain/leaderboards/fit';
import type { DevBaseline } from '@/server/domain/splits/baseline';

const majority: DevBaseline = { kind: 'majority-class', label: 'benign', devAccuracy: 0.63, devRows: 100 };
const run = (devAccuracy: number) => ({ trainAccuracy: devAccuracy + 0.01, devAccuracy, trainRmse: null, devRmse: null });

describe('fit diagnosis against the baseline', () => {
  it('calls a run at or below the majority class worse than the baseline, not high bias, even without a human-level error', () => {
    for (const devAccuracy of [0.6, 0.63]) {
      const fit = fitOf('classification', run(devAccuracy), null, 100, majority);
      expect(fit.verdict).toBe('worse-than-baseline');
      expect(fit.summary).toMatch(devAccuracy < 0.63 ? /^Worse than predicting/ : /^No better than predicting/);
      expect(fit.summary).toMatch(/predicting the majority class ‘benign’ for every row \(\d+\.\d% dev accuracy against its 63\.0%\)/);
      expect(fit.nextSteps.join(' ')).toMatch(/learning rate/);
      expect(fit.nextSteps.join(' ')).not.toMatch(/bigger model/);
      expect(fit.baseline).toEqual({ description: 'predicting the majority class ‘benign’ for every row', devError: 1 - 0.63 });
    }
  });

  it('diagnoses bias and variance as before once a run beats the baseline', () => {
    const fit = fitOf('classification', { trainAccuracy: 0.8, devAccuracy: 0.79, trainRmse: null, devRmse: null }, 0.02, 1000, majority);
    expect(fit.verdict).toBe('high-bias');
  });

  it('compares a regression run with the train-mean RMSE', () => {
    const mean: DevBaseline = { kind: 'train-mean', value: 3, devRmse: 2.5, devR2: -0.01, devRows: 40 };
    expect(fitOf('regression', { trainAccuracy: null, devAccuracy: null, trainRmse: 2.4, devRmse: 2.6 }, 0.5, 40, mean).verdict).toBe('worse-than-baseline');
    expect(fitOf('regression', { trainAccuracy: null, devAccuracy: null, trainRmse: 0.6, devRmse: 0.7 }, 0.5, 40, mean).verdict).not.toBe('worse-than-baseline');
  });
});
