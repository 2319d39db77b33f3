import { describe, expect, it } from 'vitest';
import type { DatasetSchema } from '@/server/shared/datasets/types';
import { splitAdvice } from '@/server/domain/splits/advice';

const column = (name: string, type: string, distinctCount: number, missingCount = 0) => ({ name, type, distinctCount, missingCount }) as unknown as DatasetSchema['columns'][number];
const schema = (columns: DatasetSchema['columns']): DatasetSchema => ({ columns, rowCount: 1000, hasHeader: true, firstDataRow: 2 });

describe('advice before freezing a split', () => {
  const data = schema([column('patient_id', 'integer', 100), column('visit', 'datetime', 1000), column('age', 'integer', 60), column('label', 'categorical', 2)]);

  it('warns that a random or stratified split spreads an entity over train and test, and suggests grouping', () => {
    const advice = splitAdvice({ strategy: 'random', fractions: { train: 0.8, dev: 0.1, test: 0.1 }, seed: 1 }, data, 'label');
    expect(advice[0]).toBe(
      'Rows repeat an entity: "patient_id" has 100 values over 1,000 rows (about 10 each). A random split puts rows of the same patient_id in train and test, so the test score flatters the model on ones it has already seen; a grouped split by "patient_id" keeps each in one part.',
    );
    // "age" repeats too, but it is not an entity.
    expect(advice.some((a) => a.includes('"age"'))).toBe(false);
  });

  it('suggests a time-ordered split when there is a date column, and says nothing once the split follows the advice', () => {
    expect(splitAdvice({ strategy: 'stratified', column: 'label', fractions: { train: 0.8, dev: 0.1, test: 0.1 }, seed: 1 }, data, 'label').at(-1)).toMatch(/^This data has a date column, "visit": .* time-ordered split by "visit"/);
    expect(splitAdvice({ strategy: 'time-ordered', column: 'visit', fractions: { train: 0.8, dev: 0.1, test: 0.1 } }, data, 'label')).toEqual([]);
    // Grouped by the entity: only the date remains to mention.
    expect(splitAdvice({ strategy: 'grouped', column: 'patient_id', fractions: { train: 0.8, dev: 0.1, test: 0.1 }, seed: 1 }, data, 'label')).toEqual([expect.stringMatching(/^This data has a date column/)]);
  });

  it('leaves out ids that never repeat', () => {
    const unique = schema([column('user_id', 'integer', 1000), column('label', 'categorical', 2)]);
    expect(splitAdvice({ strategy: 'random', fractions: { train: 0.8, dev: 0.1, test: 0.1 }, seed: 1 }, unique, 'label')).toEqual([]);
  });
});
