import { describe, expect, it } from 'vitest';
import { DomainError } from '@/server/shared/errors';
import { analyzeLearningCurve, diagnoseFit } from '@/server/domain/stats/diagnosis';

describe('diagnoseFit', () => {
  it('human 1%, train 8%, dev 10%: both high, work on bias first', () => {
    // bias = 0.08 − 0.01 = 0.07, variance = 0.10 − 0.08 = 0.02; tolerance = max(0.1 · 0.01, 0.005) = 0.005.
    const d = diagnoseFit({ task: 'classification', train: 0.08, dev: 0.1, humanLevel: 0.01 });
    expect(d.avoidableBias).toBeCloseTo(0.07, 12);
    expect(d.variance).toBeCloseTo(0.02, 12);
    expect(d.biasTolerance).toBe(0.005);
    expect(d).toMatchObject({ verdict: 'high-bias-and-variance', focus: 'bias' });
    expect(d.nextSteps[0]).toMatch(/bigger model/i);
  });

  it('human 7.5%, train 8%, dev 10%: high variance only', () => {
    // bias = 0.005 ≤ tolerance max(0.1 · 0.075, 0.005) = 0.0075; variance = 0.02 > 0.0075.
    const d = diagnoseFit({ task: 'classification', train: 0.08, dev: 0.1, humanLevel: 0.075 });
    expect(d.avoidableBias).toBeCloseTo(0.005, 12);
    expect(d.biasTolerance).toBeCloseTo(0.0075, 12);
    expect(d).toMatchObject({ verdict: 'high-variance', focus: 'variance' });
    expect(d.nextSteps.join(' ')).toMatch(/more training data.*L2.*dropout.*early stopping/is);
  });

  it('accepts accuracies for classification (error = 1 − accuracy)', () => {
    // errors: train 0.02, dev 0.10, human 0.01 → bias 0.01, variance 0.08: variance is the larger gap.
    const d = diagnoseFit({ task: 'classification', given: 'accuracy', train: 0.98, dev: 0.9, humanLevel: 0.99 });
    expect(d.trainError).toBeCloseTo(0.02, 12);
    expect(d.avoidableBias).toBeCloseTo(0.01, 12);
    expect(d.variance).toBeCloseTo(0.08, 12);
    expect(d).toMatchObject({ verdict: 'high-bias-and-variance', focus: 'variance' });
  });

  it('a gap exactly at the tolerance is not high, whichever scale was passed', () => {
    // errors 0.01, 0.015, 0.005: both gaps are 0.005 = the floor; 1 − 0.99 carries float noise.
    const d = diagnoseFit({ task: 'classification', given: 'accuracy', train: 0.99, dev: 0.985, humanLevel: 0.995 });
    expect(d.verdict).toBe('good-fit');
  });

  it('small gaps: good fit, consider the test evaluation', () => {
    // bias 0.052 − 0.05 = 0.002, variance 0.003, tolerance max(0.005, 0.005) = 0.005.
    const d = diagnoseFit({ task: 'classification', train: 0.052, dev: 0.055, humanLevel: 0.05 });
    expect(d).toMatchObject({ verdict: 'good-fit', focus: null });
    expect(d.nextSteps).toEqual(['Consider the test evaluation.']);
  });

  it('a small dev split raises the variance tolerance to its CI half-width', () => {
    // variance = 0.03 − 0.012 = 0.018.
    // 500 rows: 1.96 · sqrt(0.03 · 0.97 / 500) = 1.96 · 0.0076289 = 0.014953 < 0.018 → still high.
    const big = diagnoseFit({ task: 'classification', train: 0.012, dev: 0.03, humanLevel: 0.01, devSize: 500 });
    expect(big.varianceTolerance).toBeCloseTo(0.014953, 5);
    expect(big.verdict).toBe('high-variance');
    // 200 rows: 1.96 · sqrt(0.0291 / 200) = 1.96 · 0.0120623 = 0.023642 > 0.018 → not distinguishable from noise.
    const small = diagnoseFit({ task: 'classification', train: 0.012, dev: 0.03, humanLevel: 0.01, devSize: 200 });
    expect(small.varianceTolerance).toBeCloseTo(0.023642, 5);
    expect(small.verdict).toBe('good-fit');
    expect(small.notes.join(' ')).toMatch(/200 dev rows/);
  });

  it('regression in metric units (RMSE)', () => {
    // bias = 3.5 − 2.0 = 1.5, variance = 0.1; tolerance = max(0.1 · 2.0, 0.01 · 3.6) = 0.2.
    const d = diagnoseFit({ task: 'regression', train: 3.5, dev: 3.6, humanLevel: 2 });
    expect(d.biasTolerance).toBeCloseTo(0.2, 12);
    expect(d).toMatchObject({ verdict: 'high-bias', focus: 'bias' });
    expect(d.summary).toMatch(/underfits/);
  });

  it('notes negative gaps', () => {
    const d = diagnoseFit({ task: 'classification', train: 0.03, dev: 0.09, humanLevel: 0.05 });
    expect(d.avoidableBias).toBeCloseTo(-0.02, 12);
    expect(d.verdict).toBe('high-variance');
    expect(d.notes.join(' ')).toMatch(/below human level/);
    const e = diagnoseFit({ task: 'classification', train: 0.1, dev: 0.08, humanLevel: 0.09 });
    expect(e.notes.join(' ')).toMatch(/Dev error is below training error/);
  });

  it('rejects inconsistent inputs', () => {
    expect(() => diagnoseFit({ task: 'regression', given: 'accuracy', train: 1, dev: 1, humanLevel: 1 })).toThrow(DomainError);
    expect(() => diagnoseFit({ task: 'classification', train: 8, dev: 10, humanLevel: 1 })).toThrow(DomainError);
    expect(() => diagnoseFit({ task: 'classification', train: -0.1, dev: 0.1, humanLevel: 0 })).toThrow(DomainError);
  });
});

describe('analyzeLearningCurve', () => {
  it('still improving at the end: not converged, train longer', () => {
    // window = max(2, round(0.1 · 6)) = 2; dev 0.62 → 0.50 is a 19.4% drop > 1%.
    const a = analyzeLearningCurve([1, 0.8, 0.6, 0.5, 0.42, 0.36], [1.1, 0.9, 0.72, 0.62, 0.55, 0.5]);
    expect(a.status).toBe('not-converged');
    expect(a.summary).toMatch(/19\.4%/);
    expect(a.nextSteps[0]).toBe('Train longer.');
  });

  it('dev rising while train falls: overfitting since the best dev epoch', () => {
    // dev minimum 0.55 at epoch 4, then 0.8 at epoch 7 (rise 0.25 > 2% of 0.55); train 0.4 → 0.15.
    const a = analyzeLearningCurve([1, 0.7, 0.5, 0.4, 0.3, 0.2, 0.15], [1, 0.8, 0.6, 0.55, 0.6, 0.7, 0.8]);
    expect(a).toMatchObject({ status: 'overfitting', epoch: 4 });
    expect(a.summary).toMatch(/since epoch 4/);
    expect(a.nextSteps[0]).toMatch(/early stopping.*epoch 4/i);
  });

  it('early-stopped runs: no "train longer", and no "use early stopping" when it already kept the best epoch', () => {
    // Same curves as above, but the run stopped early (watching dev accuracy, say).
    const improving = analyzeLearningCurve([1, 0.8, 0.6, 0.5, 0.42, 0.36], [1.1, 0.9, 0.72, 0.62, 0.55, 0.5], { earlyStopped: { keptEpoch: 6 } });
    expect(improving.status).toBe('converged');
    expect(improving.summary).toMatch(/Early stopping ended training after epoch 6.*19\.4%/);
    expect(improving.nextSteps.join(' ')).not.toMatch(/Train longer/);
    const overfit = analyzeLearningCurve([1, 0.7, 0.5, 0.4, 0.3, 0.2, 0.15], [1, 0.8, 0.6, 0.55, 0.6, 0.7, 0.8], { earlyStopped: { keptEpoch: 4 } });
    expect(overfit).toMatchObject({ status: 'overfitting', epoch: 4 });
    expect(overfit.nextSteps[0]).toBe('Early stopping already kept the weights from epoch 4.');
    // Stopped early but kept the last weights (restore off): still advise keeping the best ones.
    const lastKept = analyzeLearningCurve([1, 0.7, 0.5, 0.4, 0.3, 0.2, 0.15], [1, 0.8, 0.6, 0.55, 0.6, 0.7, 0.8], { earlyStopped: { keptEpoch: 7 } });
    expect(lastKept.nextSteps[0]).toMatch(/keep the best weights \(epoch 4\)/);
  });

  it('NaN loss: diverged at that epoch', () => {
    const a = analyzeLearningCurve([1, 0.5, Number.NaN], [1, 0.6, Number.NaN]);
    expect(a).toMatchObject({ status: 'diverged', epoch: 3 });
  });

  it('loss blowing up without NaN: diverged', () => {
    // best train 0.4 at epoch 3; 2.0 − 0.4 = 1.6 > 0.5 · (1 − 0.4) = 0.3.
    const a = analyzeLearningCurve([1, 0.5, 0.4, 2], [1, 0.6, 0.5, 2.1]);
    expect(a).toMatchObject({ status: 'diverged', epoch: 4 });
  });

  it('flat at the end: converged', () => {
    const train = [1, 0.5, 0.3, 0.25, 0.24, 0.24, 0.24, 0.24, 0.24, 0.24];
    const dev = [1.1, 0.6, 0.4, 0.35, 0.34, 0.34, 0.34, 0.34, 0.34, 0.34];
    expect(analyzeLearningCurve(train, dev).status).toBe('converged');
  });

  it('rejects mismatched series', () => {
    expect(() => analyzeLearningCurve([1, 2], [1])).toThrow(DomainError);
    expect(() => analyzeLearningCurve([], [])).toThrow(DomainError);
  });
});
