import 'server-only';
import { z } from 'zod';
import { okSchema } from './common';
import { TASK_KINDS } from '@/server/shared/runs/model-config';
import { splitDefinitionSchema } from '@/server/shared/splits/assign-split';
import { PART_NAMES } from '@/server/shared/splits/types';

const severitySchema = z.enum(['none', 'minor', 'major']);
const precisionGuidanceSchema = z.object({
  part: z.enum(PART_NAMES),
  rows: z.number(),
  metric: z.enum(['accuracy', 'rmse']),
  halfWidthWorstCase: z.number(),
  halfWidthObserved: z.number().optional(),
  message: z.string(),
});
const labelShareSchema = z.object({ label: z.string(), count: z.number(), share: z.number() });
const targetSummarySchema = z.object({
  count: z.number(),
  missing: z.number(),
  mean: z.number(),
  std: z.number(),
  min: z.number(),
  p25: z.number(),
  median: z.number(),
  p75: z.number(),
  max: z.number(),
});
const partSummarySchema = z.object({
  part: z.enum(PART_NAMES),
  rows: z.number(),
  share: z.number(),
  labels: z.array(labelShareSchema).optional(),
  target: targetSummarySchema.optional(),
});
const partComparisonSchema = z.object({
  a: z.enum(PART_NAMES),
  b: z.enum(PART_NAMES),
  alpha: z.number(),
  checks: z.array(
    z.object({
      feature: z.string(),
      kind: z.enum(['numeric', 'categorical']),
      psi: z.number(),
      test: z.enum(['ks', 'chi-square']),
      statistic: z.number(),
      pValue: z.number(),
      rowsA: z.number(),
      rowsB: z.number(),
      missingA: z.number(),
      missingB: z.number(),
      psiChance: z.number().optional(),
      unseenShareB: z.number().optional(),
      role: z.enum(['label', 'feature']),
      severity: severitySchema,
    }),
  ),
  skipped: z.array(z.object({ feature: z.string(), reason: z.string() })),
  severity: severitySchema,
  verdict: z.string(),
});

/** What predicting a constant (fitted on train) scores on dev: server/domain/splits/baseline.ts. */
export const devBaselineSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('majority-class'), label: z.string(), devAccuracy: z.number(), devRows: z.number() }),
  z.object({ kind: z.literal('train-mean'), value: z.number(), devRmse: z.number(), devR2: z.number().nullable(), devRows: z.number() }),
]);

const splitSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  strategy: z.string(),
  datasetId: z.string(),
  datasetName: z.string(),
  datasetVersionId: z.string(),
  datasetVersion: z.number(),
  taskKind: z.enum(TASK_KINDS),
  targetColumn: z.string(),
  manifestHash: z.string(),
  trainCount: z.number(),
  devCount: z.number(),
  testCount: z.number(),
  humanLevelError: z.number().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.date(),
  archivedAt: z.date().nullable(),
  createdById: z.string().nullable(),
});

/** What each `split.*` procedure returns: the shape that leaves the server, checked on the way out. */
const guidanceSchema = z.object({
  precision: z.array(precisionGuidanceSchema),
  parts: z.array(partSummarySchema),
  devVsTest: partComparisonSchema,
  trainVsDev: partComparisonSchema,
});

export const splitOutput = {
  list: z.array(splitSummarySchema),
  preview: z.object({ counts: z.object({ train: z.number(), dev: z.number(), test: z.number() }), warnings: z.array(z.string()), advice: z.array(z.string()), guidance: guidanceSchema }),
  get: splitSummarySchema.extend({
    definition: splitDefinitionSchema,
    guidance: guidanceSchema,
    definitionHash: z.string(),
    datasetContentHash: z.string(),
    baseline: devBaselineSchema.nullable(),
  }),
  freeze: z.object({ id: z.string(), manifestHash: z.string() }),
  setHumanLevelError: okSchema,
  ok: okSchema,
};
