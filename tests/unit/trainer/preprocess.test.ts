import { describe, expect, it } from 'vitest';
import { defaultPreprocessingSpec, fittedPreprocessingSchema, type Table } from '../../../server/shared/tabular';
import {
  DataError,
  fitPreprocessing,
  inverseTransformTarget,
  transformFeatures,
  transformTarget,
} from '../../../workers/trainer/preprocess';

const table = (rowCount: number, numeric: number[], colour: (string | null)[]): Table => ({
  rowCount,
  columns: [
    { name: 'size', kind: 'numeric', values: Float64Array.from(numeric) },
    { name: 'colour', kind: 'categorical', values: colour },
  ],
});

// Train: size mean 2, population std sqrt(2/3); colour mode "red"; one missing value in each.
const train = table(4, [1, 2, 3, NaN], ['red', 'red', 'blue', null]);
const target = new Int32Array([0, 1, 0, 1]);
const fit = () => fitPreprocessing(train, target, 'classification', ['no', 'yes'], defaultPreprocessingSpec);
const std = Math.sqrt(2 / 3);

describe('preprocessing fitted on train only', () => {
  it('learns statistics from train and names the model inputs', () => {
    const fitted = fit();
    expect(fitted.columns[0]).toMatchObject({ kind: 'numeric', mean: 2, indicator: true });
    expect((fitted.columns[0] as { scale: number }).scale).toBeCloseTo(std, 12);
    expect(fitted.columns[1]).toMatchObject({ kind: 'categorical', categories: ['red', 'blue'], mode: 'red', indicator: true });
    expect(fitted.featureNames).toEqual([
      'size',
      'size is missing',
      'colour=red',
      'colour=blue',
      'colour=(unknown)',
      'colour is missing',
    ]);
  });

  it('standardises, imputes the train mean/mode and flags missing values', () => {
    const x = transformFeatures(fit(), train);
    const rows = Array.from({ length: 4 }, (_, r) => Array.from(x.slice(r * 6, r * 6 + 6)));
    expect(rows[0]![0]).toBeCloseTo(-1 / std, 6);
    expect(rows[2]).toEqual([expect.closeTo(1 / std, 6), 0, 0, 1, 0, 0]);
    // Missing size → train mean → 0, flagged; missing colour → mode red, flagged.
    expect(rows[3]).toEqual([0, 1, 1, 0, 0, 1]);
  });

  it('applies the train statistics unchanged to dev rows, whatever dev looks like', () => {
    const dev = table(2, [102, 98], ['green', 'blue']);
    const x = transformFeatures(fit(), dev);
    // Standardised with the train mean and std, not dev's own (which would give ±1).
    expect(x[0]).toBeCloseTo(100 / std, 4);
    expect(x[6]).toBeCloseTo(96 / std, 4);
    // A colour unseen in train goes to the unknown bucket; it is not "missing".
    expect(Array.from(x.slice(2, 6))).toEqual([0, 0, 1, 0]);
    expect(Array.from(x.slice(8, 12))).toEqual([0, 1, 0, 0]);
  });

  it('refitting with different dev data is impossible: fit takes the train table alone', () => {
    const again = fitPreprocessing(train, target, 'classification', ['no', 'yes'], defaultPreprocessingSpec);
    expect(again).toEqual(fit());
  });

  it('survives a JSON round trip and transforms identically afterwards', () => {
    const fitted = fit();
    const restored = fittedPreprocessingSchema.parse(JSON.parse(JSON.stringify(fitted)));
    const dev = table(2, [5, NaN], [null, 'red']);
    expect(transformFeatures(restored, dev)).toEqual(transformFeatures(fitted, dev));
  });

  it('keeps only the most frequent categories when asked, sending the rest to unknown', () => {
    const fitted = fitPreprocessing(
      table(5, [1, 2, 3, 4, 5], ['a', 'a', 'b', 'b', 'c']),
      new Int32Array(5),
      'classification',
      ['x', 'y'],
      { ...defaultPreprocessingSpec, maxCategories: 2 },
    );
    expect(fitted.columns[1]).toMatchObject({ categories: ['a', 'b'], indicator: false });
    expect(fitted.featureNames).toEqual(['size', 'colour=a', 'colour=b', 'colour=(unknown)']);
  });

  it('leaves a constant column centred instead of dividing by zero', () => {
    const fitted = fitPreprocessing(table(3, [7, 7, 7], ['a', 'a', 'a']), new Int32Array(3), 'classification', ['x', 'y'], defaultPreprocessingSpec);
    expect(Array.from(transformFeatures(fitted, table(1, [9], ['a'])).slice(0, 1))).toEqual([2]);
  });

  it('standardises regression targets on train and maps predictions back', () => {
    const y = new Float64Array([10, 20, 30, 40]);
    const fitted = fitPreprocessing(train, y, 'regression', [], defaultPreprocessingSpec);
    const scaled = transformTarget(fitted, y);
    expect(Array.from(inverseTransformTarget(fitted, scaled)).map((v) => Math.round(v * 1e4) / 1e4)).toEqual([10, 20, 30, 40]);
    expect(fitted.target).toMatchObject({ kind: 'regression', mean: 25 });
  });

  it('reports data problems in the user’s terms', () => {
    const fitted = fit();
    expect(() => transformFeatures(fitted, { rowCount: 1, columns: [{ name: 'size', kind: 'numeric', values: new Float64Array([1]) }] })).toThrow(
      new DataError('column "colour" is missing from the data'),
    );
    expect(() => transformTarget(fitted, new Int32Array([0, 3]))).toThrow(/row 2 has class index 3, but there are 2 classes/);
  });
});
