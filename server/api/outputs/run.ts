import 'server-only';
import { z } from 'zod';
import { okSchema, trackedStreamOf, untrackedStreamOf } from './common';
import { TASK_KINDS, modelConfigSchema } from '@/server/shared/runs/model-config';
import { RUN_CHANGE_KINDS } from '@/server/shared/runs/notify';
import { RUN_ORIGINS, RUN_STATUSES } from '@/server/shared/runs/run-status';

const runListCursorSchema = z.object({ id: z.string(), createdAt: z.date().optional(), value: z.number().nullable().optional() });
const packedCurvesSchema = z.object({
  runId: z.string(),
  points: z.number(),
  epoch: z.string(),
  trainLoss: z.string(),
  devLoss: z.string(),
  metrics: z.record(z.string(), z.string()),
});
const disagreementSchema = z.object({
  row: z.number(),
  trueLabel: z.string(),
  predictedA: z.string(),
  predictedB: z.string(),
  features: z.record(z.string(), z.string()),
});

const runSummarySchema = z.object({
  /** Trainer runs: the model config. External runs: null (their free JSON is `params`). */
  config: modelConfigSchema.nullable(),
  origin: z.enum(RUN_ORIGINS),
  params: z.record(z.string(), z.unknown()).nullable(),
  /** External runs: where the script ran, as it said (git commit, script, framework). */
  source: z.record(z.string(), z.string()).nullable(),
  id: z.string(),
  number: z.number(),
  name: z.string(),
  namedByHand: z.boolean(),
  status: z.enum(RUN_STATUSES),
  splitId: z.string(),
  splitName: z.string(),
  datasetName: z.string(),
  taskKind: z.enum(TASK_KINDS),
  createdById: z.string().nullable(),
  createdByName: z.string().nullable(),
  pool: z.enum(['cpu', 'gpu']),
  epochsDone: z.number(),
  epochsPlanned: z.number(),
  trainLoss: z.number().nullable(),
  devLoss: z.number().nullable(),
  trainAccuracy: z.number().nullable(),
  devAccuracy: z.number().nullable(),
  devMacroF1: z.number().nullable(),
  trainRmse: z.number().nullable(),
  devRmse: z.number().nullable(),
  devMae: z.number().nullable(),
  devR2: z.number().nullable(),
  backend: z.string().nullable(),
  failureReason: z.string().nullable(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  sweepId: z.string().nullable(),
  sweepNumber: z.number().nullable(),
  trialNumber: z.number().nullable(),
  trainingMs: z.number().nullable(),
  readyForReviewAt: z.date().nullable(),
  reviewApprovals: z.number(),
  reviewChangesRequested: z.number(),
  notePreview: z.string(),
  tags: z.array(z.string()),
  testScore: z.number().nullable(),
  testMetric: z.string().nullable(),
});

/** The run page's view: the summary and what only one run's page shows. */
const runSchema = runSummarySchema.extend({
  hasWeights: z.boolean(),
  datasetId: z.string(),
  datasetVersionId: z.string(),
  datasetVersion: z.number(),
  humanLevelError: z.number().nullable(),
  seed: z.number(),
  datasetHash: z.string(),
  splitHash: z.string(),
  device: z.string().nullable(),
  tfjsVersion: z.string().nullable(),
  workerName: z.string().nullable(),
  failureKind: z.string().nullable(),
  paramCount: z.number().nullable(),
  bestEpoch: z.number().nullable(),
  stoppedEarly: z.boolean().nullable(),
  confusionMatrix: z.array(z.array(z.number())).nullable(),
  classes: z.array(z.string()),
  weightsHash: z.string().nullable(),
  trainingMs: z.number().nullable(),
  cancelRequestedAt: z.date().nullable(),
  archivedAt: z.date().nullable(),
  devCount: z.number(),
});
const epochSchema = z.object({
  epoch: z.number(),
  learningRate: z.number(),
  trainLoss: z.number(),
  devLoss: z.number(),
  trainMetrics: z.record(z.string(), z.number()),
  devMetrics: z.record(z.string(), z.number()),
  epochMs: z.number(),
  samplesPerSec: z.number(),
});
const logSchema = z.object({ id: z.number(), level: z.string(), message: z.string(), createdAt: z.date() });

/** What each `run.*` procedure returns: the shape that leaves the server, checked on the way out. */
export const runOutput = {
  defaults: z.object({ taskKind: z.enum(TASK_KINDS), config: modelConfigSchema }),
  launch: z.object({ id: z.string(), number: z.number() }),
  list: z.object({ items: z.array(runSummarySchema), nextCursor: runListCursorSchema.nullable() }),
  matchingIds: z.object({ ids: z.array(z.string()), total: z.number() }),
  get: runSchema,
  epochs: z.array(epochSchema),
  logs: z.array(logSchema),
  cancel: okSchema,
  setArchived: okSchema,
  delete: okSchema,
  rename: okSchema,
  watch: trackedStreamOf(z.object({ run: runSchema, epochs: z.array(epochSchema), logs: z.array(logSchema) })),
  teamChanges: untrackedStreamOf(z.object({ runId: z.string(), kind: z.enum(RUN_CHANGE_KINDS) })),
  workers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      host: z.string(),
      kind: z.string(),
      pool: z.enum(['cpu', 'gpu']),
      backend: z.string(),
      device: z.string(),
      tfjsVersion: z.string(),
      concurrency: z.number(),
      startedAt: z.date(),
      lastSeenAt: z.date(),
      healthy: z.boolean(),
      busySlots: z.number(),
      currentRuns: z.array(z.object({ id: z.string(), number: z.number(), epochsDone: z.number(), epochsPlanned: z.number() })),
    }),
  ),
  compare: z.array(packedCurvesSchema),
  disagreements: z.object({ runA: z.number(), runB: z.number(), devRows: z.number(), total: z.number(), items: z.array(disagreementSchema) }),
};
