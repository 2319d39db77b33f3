import { z } from 'zod';
import { getColumn } from './columns';
import { fractionsSchema, parseOrThrow, seedSchema } from './fractions';
import { explicitMappingSchema, explicitSplit } from './strategy-explicit';
import { groupedSplit } from './strategy-grouped';
import { randomSplit } from './strategy-random';
import { stratifiedSplit } from './strategy-stratified';
import { timeOrderedSplit } from './strategy-time-ordered';
import type { SplitAssignment, SplitData } from './types';

const columnName = z.string({ error: 'Column name must be a string.' }).min(1, { error: 'Column name must not be empty.' });

/** What a user asks for; stored with the split and hashed by hashSplitDefinition. */
export const splitDefinitionSchema = z.discriminatedUnion(
  'strategy',
  [
    z.object({ strategy: z.literal('random'), fractions: fractionsSchema, seed: seedSchema }).strict(),
    z.object({ strategy: z.literal('stratified'), column: columnName, fractions: fractionsSchema, seed: seedSchema }).strict(),
    z.object({ strategy: z.literal('grouped'), column: columnName, fractions: fractionsSchema, seed: seedSchema }).strict(),
    z.object({ strategy: z.literal('explicit'), column: columnName, mapping: explicitMappingSchema }).strict(),
    z.object({ strategy: z.literal('time-ordered'), column: columnName, fractions: fractionsSchema }).strict(),
  ],
  { error: 'Strategy must be one of random, stratified, grouped, explicit, time-ordered.' },
);
export type SplitDefinition = z.infer<typeof splitDefinitionSchema>;
export type SplitStrategy = SplitDefinition['strategy'];

export function parseSplitDefinition(input: unknown): SplitDefinition {
  return parseOrThrow(splitDefinitionSchema, input);
}

/**
 * Validates a definition and runs its strategy over the dataset version's columns. `targetColumn`
 * names the dataset's target, whose values no error message may print.
 */
export function assignSplit(input: unknown, data: SplitData, targetColumn?: string): SplitAssignment {
  const definition = parseSplitDefinition(input);
  const { rowCount } = data;
  switch (definition.strategy) {
    case 'random':
      return randomSplit({ rowCount, fractions: definition.fractions, seed: definition.seed });
    case 'stratified':
      return stratifiedSplit({
        rowCount,
        target: getColumn(data, definition.column),
        targetName: definition.column,
        fractions: definition.fractions,
        seed: definition.seed,
        sealedValues: definition.column === targetColumn,
      });
    case 'grouped':
      return groupedSplit({
        rowCount,
        group: getColumn(data, definition.column),
        groupName: definition.column,
        fractions: definition.fractions,
        seed: definition.seed,
      });
    case 'explicit':
      return explicitSplit({
        rowCount,
        column: getColumn(data, definition.column),
        columnName: definition.column,
        mapping: definition.mapping,
      });
    case 'time-ordered':
      return timeOrderedSplit({
        rowCount,
        date: getColumn(data, definition.column),
        dateName: definition.column,
        fractions: definition.fractions,
      });
  }
}
