import { describe, expect, it } from 'vitest';
import {
  accuracy,
  classificationMetrics,
  confusionMatrix,
  macroF1,
  mae,
  r2,
  regressionMetrics,
  rmse,
} from '../../../server/shared/stats/task-metrics';

describe('classification metrics against a hand-computed confusion matrix', () => {
  // Rows are the true class, columns the predicted class:
  //        p0 p1 p2
  //   t0 [  3, 1, 0 ]
  //   t1 [  0, 1, 1 ]
  //   t2 [  1, 0, 3 ]
  const truth = [0, 0, 0, 1, 1, 2, 2, 2, 2, 0];
  const predicted = [0, 1, 0, 1, 2, 2, 2, 0, 2, 0];

  it('counts [true][predicted]', () => {
    expect(confusionMatrix(truth, predicted, 3)).toEqual([
      [3, 1, 0],
      [0, 1, 1],
      [1, 0, 3],
    ]);
  });

  it('accuracy is the diagonal over the total: 7/10', () => {
    expect(accuracy(truth, predicted, 3)).toBeCloseTo(0.7, 12);
  });

  it('macro F1 averages per-class F1 = 2TP/(support + predicted): (6/8 + 2/4 + 6/8)/3', () => {
    expect(macroF1(truth, predicted, 3)).toBeCloseTo((0.75 + 0.5 + 0.75) / 3, 12);
  });

  it('leaves a class that is neither true nor predicted out of the macro average', () => {
    // [[1,1,0],[0,2,0],[0,0,0]]: F1_0 = 2/3, F1_1 = 4/5, class 2 absent.
    const { metrics, confusionMatrix: counts } = classificationMetrics([0, 1, 0, 1], [0, 1, 1, 1], 3);
    expect(counts[2]).toEqual([0, 0, 0]);
    expect(metrics.macroF1).toBeCloseTo((2 / 3 + 4 / 5) / 2, 12);
    expect(metrics.accuracy).toBeCloseTo(0.75, 12);
  });

  it('scores a class predicted but never true as F1 0', () => {
    // truth all 0, one row predicted 1: F1_0 = 2·2/(3+2) = 0.8, F1_1 = 0.
    expect(macroF1([0, 0, 0], [0, 0, 1], 2)).toBeCloseTo(0.4, 12);
  });

  it('refuses mismatched lengths and out-of-range classes', () => {
    expect(() => confusionMatrix([0, 1], [0], 2)).toThrow(/length/);
    expect(() => confusionMatrix([0, 2], [0, 1], 2)).toThrow(/outside/);
  });
});

describe('regression metrics', () => {
  // The scikit-learn documentation's example: MSE 0.375, MAE 0.5, R² 0.9486081370449679.
  const truth = [3, -0.5, 2, 7];
  const predicted = [2.5, 0.0, 2, 8];

  it('matches hand-computed values', () => {
    expect(rmse(truth, predicted)).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(mae(truth, predicted)).toBeCloseTo(0.5, 12);
    // mean 2.875; SS_tot = 0.015625+11.390625+0.765625+17.015625 = 29.1875; SS_res = 1.5
    expect(r2(truth, predicted)).toBeCloseTo(1 - 1.5 / 29.1875, 12);
    expect(regressionMetrics(truth, predicted)).toEqual({ rmse: rmse(truth, predicted), mae: 0.5, r2: r2(truth, predicted) });
  });

  it('gives R² 1 for a perfect fit of a constant and 0 otherwise instead of dividing by zero', () => {
    expect(r2([4, 4], [4, 4])).toBe(1);
    expect(r2([4, 4], [4, 5])).toBe(0);
  });

  it('predicting the mean scores R² 0', () => {
    expect(r2([1, 2, 3], [2, 2, 2])).toBeCloseTo(0, 12);
  });
});
