import { describe, expect, it } from 'vitest';
import { buildDefinition, defaultSplitName, type FormValues } from '@/app/components/splits/split-definition';

const values = (fractions: FormValues['fractions'], overrides: Partial<FormValues> = {}): FormValues => ({ strategy: 'random', column: '', fractions, seed: '7', mapping: {}, ...overrides });

describe('the split form', () => {
  it('reads fractions as written, or as percentages when they sum to 100', () => {
    expect(buildDefinition(values({ train: '0.8', dev: '0.1', test: '0.1' })).definition).toEqual({ strategy: 'random', fractions: { train: 0.8, dev: 0.1, test: 0.1 }, seed: 7 });
    expect(buildDefinition(values({ train: '80', dev: '10', test: '10' })).definition).toEqual({ strategy: 'random', fractions: { train: 0.8, dev: 0.1, test: 0.1 }, seed: 7 });
    expect(buildDefinition(values({ train: '98%', dev: '1%', test: '1%' })).definition).toMatchObject({ fractions: { train: 0.98, dev: 0.01, test: 0.01 } });
  });

  it('refuses fractions that are neither, saying what it expects', () => {
    expect(buildDefinition(values({ train: '80', dev: '10', test: '5' })).errors).toMatchObject({ train: 'Between 0 and 1, or percentages that sum to 100' });
    expect(buildDefinition(values({ train: '0.8', dev: '0.1', test: '0.2' })).errors.fractions).toBe('Fractions must sum to 1 (they sum to 1.1).');
    expect(buildDefinition(values({ train: 'x', dev: '10', test: '10' })).errors.train).toBe('Enter a number');
  });

  it('names a split by its strategy, fractions and seed until someone names it', () => {
    expect(defaultSplitName(values({ train: '0.8', dev: '0.1', test: '0.1' }, { strategy: 'stratified', column: 'label' }))).toBe('stratified by label 80/10/10 seed 7');
    expect(defaultSplitName(values({ train: '60', dev: '20', test: '20' }))).toBe('random 60/20/20 seed 7');
    expect(defaultSplitName(values({ train: '', dev: '', test: '' }, { strategy: 'explicit', column: 'part' }))).toBe('explicit by part');
    expect(defaultSplitName(values({ train: '0.7', dev: '0.15', test: '0.15' }, { strategy: 'time-ordered', column: 'date' }))).toBe('time-ordered by date 70/15/15');
  });
});
