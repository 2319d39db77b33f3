import { z } from 'zod';

/**
 * Tabular data as it crosses the IPC boundary (V8 structured clone, `serialization: 'advanced'`),
 * and the serialisable preprocessing fitted on a train split. Pure schemas: both the handler and
 * the trainer child validate with them, and the fitted state is stored with the run.
 */
// z.custom rather than z.instanceof: the latter types the buffer as ArrayBuffer only.
export const float32ArraySchema = z.custom<Float32Array>((v) => v instanceof Float32Array, 'expected a Float32Array');
export const float64ArraySchema = z.custom<Float64Array>((v) => v instanceof Float64Array, 'expected a Float64Array');
export const int32ArraySchema = z.custom<Int32Array>((v) => v instanceof Int32Array, 'expected an Int32Array');
const float32 = float32ArraySchema;
const float64 = float64ArraySchema;

export const numericColumnSchema = z.object({
  name: z.string().min(1),
  kind: z.literal('numeric'),
  /** NaN marks a missing value. */
  values: z.union([float32, float64]),
});
export const categoricalColumnSchema = z.object({
  name: z.string().min(1),
  kind: z.literal('categorical'),
  /** null (or '') marks a missing value. */
  values: z.array(z.string().nullable()),
});
export const columnSchema = z.discriminatedUnion('kind', [numericColumnSchema, categoricalColumnSchema]);
export type Column = z.infer<typeof columnSchema>;

export const tableSchema = z
  .object({ rowCount: z.int().min(0), columns: z.array(columnSchema).min(1, 'a table needs at least one feature column') })
  .superRefine((table, ctx) => {
    const seen = new Set<string>();
    table.columns.forEach((column, i) => {
      if (column.values.length !== table.rowCount) {
        ctx.addIssue({
          code: 'custom',
          path: ['columns', i, 'values'],
          message: `column "${column.name}" has ${column.values.length} values for ${table.rowCount} rows`,
        });
      }
      if (seen.has(column.name)) {
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'name'], message: `column "${column.name}" appears twice` });
      }
      seen.add(column.name);
    });
  });
export type Table = z.infer<typeof tableSchema>;

/** Classification: class indices into the run's class list. Regression: finite numbers. */
export const targetValuesSchema = z.union([int32ArraySchema, float32, float64]);
export type TargetValues = z.infer<typeof targetValuesSchema>;

export const splitPartSchema = z
  .object({ features: tableSchema, target: targetValuesSchema })
  .refine((part) => part.target.length === part.features.rowCount, {
    message: 'the target has a different number of rows than the features',
    path: ['target'],
  });
export type SplitPart = z.infer<typeof splitPartSchema>;

/** What the user chose; `FittedPreprocessing` is what fitting on train produced. */
export const preprocessingSpecSchema = z.object({
  /** Subtract the train mean and divide by the train standard deviation. */
  standardize: z.boolean(),
  /** Add a 0/1 column per feature that had missing values in train. */
  missingIndicators: z.boolean(),
  /** Keep the most frequent categories seen in train; rarer and unseen ones share "unknown". */
  maxCategories: z.int().min(1).max(1000),
});
export type PreprocessingSpec = z.infer<typeof preprocessingSpecSchema>;

export const defaultPreprocessingSpec: PreprocessingSpec = {
  standardize: true,
  missingIndicators: true,
  maxCategories: 50,
};

const fittedNumericSchema = z.object({
  kind: z.literal('numeric'),
  name: z.string(),
  /** Train mean: the imputed value and the centre. */
  mean: z.number(),
  /** Train standard deviation; 1 when not standardising or when the column is constant. */
  scale: z.number().positive(),
  indicator: z.boolean(),
});
const fittedCategoricalSchema = z.object({
  kind: z.literal('categorical'),
  name: z.string(),
  /** One-hot order; a final "unknown" slot follows them. */
  categories: z.array(z.string()),
  /** Train mode, imputed for missing values. */
  mode: z.string(),
  indicator: z.boolean(),
});

export const fittedPreprocessingSchema = z.object({
  version: z.literal(1),
  spec: preprocessingSpecSchema,
  columns: z.array(z.discriminatedUnion('kind', [fittedNumericSchema, fittedCategoricalSchema])),
  /** Names of the model's input features, in order. */
  featureNames: z.array(z.string()),
  /** Regression targets are standardised on train so learning rates mean the same across datasets. */
  target: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('classification'), classes: z.array(z.string()).min(2) }),
    z.object({ kind: z.literal('regression'), mean: z.number(), scale: z.number().positive() }),
  ]),
});
export type FittedPreprocessing = z.infer<typeof fittedPreprocessingSchema>;
export type FittedColumn = FittedPreprocessing['columns'][number];
