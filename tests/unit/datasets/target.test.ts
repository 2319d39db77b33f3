import { describe, expect, it } from 'vitest';
import { DomainError } from '@/server/shared/errors';
import { assertValidTarget, suggestTaskKind, validateTarget } from '@/server/shared/datasets/target';
import { column, ingest } from './helpers';

async function dataset() {
  const rows = ['x,y_missing,one_class,label,price,when,rating'];
  for (let i = 0; i < 30; i++) {
    const missing = i === 10 || i === 20 || i === 25 ? '' : String(i % 2);
    rows.push(`${i},${missing},same,${i % 3 ? 'cat' : 'dog'},${(i * 1.5).toFixed(2)},2024-01-0${(i % 9) + 1},${(i % 5) + 1}`);
  }
  return ingest(rows.join('\n'));
}

describe('target validation', () => {
  it('reports missing target values with count and first row', async () => {
    const r = await dataset();
    expect(validateTarget(r.schema, r.columns, 'y_missing', 'classification')).toEqual([
      "The target \"y_missing\" is missing in 3 rows, first at row 12; expected a value in every row.",
    ]);
  });

  it('rejects a single-class target', async () => {
    const r = await dataset();
    expect(validateTarget(r.schema, r.columns, 'one_class', 'classification').join(' ')).toMatch(/only one class \("same"\)/);
  });

  it('rejects regression on a non-numeric column and accepts it on a numeric one', async () => {
    const r = await dataset();
    expect(validateTarget(r.schema, r.columns, 'label', 'regression').join(' ')).toMatch(/Regression needs a numeric target.*categorical/);
    expect(validateTarget(r.schema, r.columns, 'price', 'regression')).toEqual([]);
    expect(validateTarget(r.schema, r.columns, 'label', 'classification')).toEqual([]);
  });

  it('names an unknown column and throws through assertValidTarget', async () => {
    const r = await dataset();
    expect(validateTarget(r.schema, r.columns, 'nope', 'regression')[0]).toMatch(/no column named "nope"/);
    expect(() => assertValidTarget(r.schema, r.columns, 'one_class', 'classification')).toThrow(DomainError);
  });

  it('suggests a task kind from the column type', async () => {
    const r = await dataset();
    expect(suggestTaskKind(column(r, 'label'))).toBe('classification');
    expect(suggestTaskKind(column(r, 'rating'))).toBe('classification');
    expect(suggestTaskKind(column(r, 'price'))).toBe('regression');
    expect(suggestTaskKind(column(r, 'when'))).toBeNull();
  });
});
