import { z } from 'zod';
import { idSchema } from '../ids';
import { RUN_STATUSES } from './run-status';
import { ACTIVATIONS, INITIALIZERS, OPTIMIZERS } from './model-config';

/**
 * The runs table's vocabulary, defined once: what it can sort by, which final metrics it can
 * filter on, and which hyperparameters it can match in runs.config. The query (queries.ts) maps
 * each to a column, the API validates with the schemas below, and the page takes its lists and
 * value kinds from here. Pure (no database), so the browser bundle imports it too.
 */

/** Sortable server-side with keyset pagination (nulls last). */
export const RUN_SORT_FIELDS = ['createdAt', 'number', 'devAccuracy', 'devMacroF1', 'devRmse', 'devMae', 'devR2', 'devLoss', 'trainLoss', 'epochsDone'] as const;
export type RunSortField = (typeof RUN_SORT_FIELDS)[number];

/** Final metrics a range filter may use (`devAccuracy between 0.8 and 0.9`). */
export const RUN_METRIC_FILTER_FIELDS = ['devAccuracy', 'trainAccuracy', 'devMacroF1', 'devRmse', 'trainRmse', 'devMae', 'devR2', 'devLoss', 'trainLoss', 'epochsDone'] as const;
export type RunMetricFilterField = (typeof RUN_METRIC_FILTER_FIELDS)[number];

/**
 * Hyperparameters a filter may match, each with the kind of value it takes. `units`, `activation`
 * and `dropout` match when any hidden layer has that value; `layers` is the number of hidden layers.
 */
export const CONFIG_FILTER_KINDS = {
  learningRate: { kind: 'number' },
  learningRateDecay: { kind: 'number' },
  batchSize: { kind: 'batch' },
  epochs: { kind: 'int' },
  l2: { kind: 'number' },
  dropout: { kind: 'number' },
  batchNorm: { kind: 'bool' },
  seed: { kind: 'int' },
  optimizer: { kind: 'enum', options: OPTIMIZERS },
  initializer: { kind: 'enum', options: INITIALIZERS },
  layers: { kind: 'int' },
  units: { kind: 'int' },
  activation: { kind: 'enum', options: ACTIVATIONS },
} as const;
export type ConfigFilterPath = keyof typeof CONFIG_FILTER_KINDS;

const MAX_INT = 2_147_483_647;
export const configFilterSchema = z.discriminatedUnion('path', [
  z.object({ path: z.enum(['learningRate', 'learningRateDecay', 'l2', 'dropout']), value: z.number().min(0) }),
  z.object({ path: z.enum(['epochs', 'seed', 'layers', 'units']), value: z.int().min(0).max(MAX_INT) }),
  z.object({ path: z.literal('batchSize'), value: z.union([z.int().min(1).max(MAX_INT), z.literal('full')]) }),
  z.object({ path: z.literal('batchNorm'), value: z.boolean() }),
  z.object({ path: z.literal('optimizer'), value: z.enum(OPTIMIZERS) }),
  z.object({ path: z.literal('initializer'), value: z.enum(INITIALIZERS) }),
  z.object({ path: z.literal('activation'), value: z.enum(ACTIVATIONS) }),
]);
export type ConfigFilter = z.infer<typeof configFilterSchema>;
// Every path of the schema has a kind above, and no kind lacks a path in the schema.
type SchemaPath = ConfigFilter['path'];
const _sameKeys: [SchemaPath, ConfigFilterPath] extends [ConfigFilterPath, SchemaPath] ? true : never = true;
void _sameKeys;

/** The filters and sort of a runs-table view (its URL), as the list and "select all matching" take them. */
export const runViewSchema = z.object({
  splitId: idSchema('splitId').optional(),
  status: z.array(z.enum(RUN_STATUSES)).max(RUN_STATUSES.length).optional(),
  createdBy: idSchema('createdBy').optional(),
  tag: z.string().trim().min(1).max(32).optional(),
  metrics: z
    .array(
      z
        .object({ field: z.enum(RUN_METRIC_FILTER_FIELDS), min: z.number().optional(), max: z.number().optional() })
        .refine((r) => r.min !== undefined || r.max !== undefined, 'A metric range needs a minimum or a maximum'),
    )
    .max(10)
    .optional(),
  config: z.array(configFilterSchema).max(10).optional(),
  /** True: the archived runs instead of the others. */
  archived: z.boolean().optional(),
  sort: z.object({ field: z.enum(RUN_SORT_FIELDS), direction: z.enum(['asc', 'desc']) }).optional(),
});
