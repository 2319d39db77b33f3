import 'server-only';
import { z } from 'zod';
import { SWEEP_STATUSES, TRIAL_SOURCES, TRIAL_STATUSES } from '@/db/schema/sweep-status';
import { earlyStoppingMetricSchema, modelConfigSchema } from '@/server/shared/runs/model-config';
import { sweepDefinitionSchema, SWEEP_STRATEGIES } from '@/server/shared/sweeps/definition';
import { okSchema } from './common';

const assignmentSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
const meanIntervalSchema = z.object({ n: z.number(), mean: z.number(), std: z.number().nullable(), lower: z.number().nullable(), upper: z.number().nullable() });
const previewSchema = z.object({ gridConfigurations: z.number().nullable(), trials: z.number(), rungs: z.array(z.number()), epochsAtMost: z.number() });

const sweepSummarySchema = z.object({
  id: z.string(),
  number: z.number(),
  name: z.string(),
  status: z.enum(SWEEP_STATUSES),
  splitId: z.string(),
  splitName: z.string(),
  createdById: z.string().nullable(),
  createdByName: z.string().nullable(),
  maxTrials: z.number(),
  maxEpochs: z.number().nullable(),
  concurrency: z.number(),
  endReason: z.string().nullable(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});

const trialSchema = z.object({
  id: z.string(),
  number: z.number(),
  configKey: z.string(),
  assignment: assignmentSchema,
  seed: z.number(),
  source: z.enum(TRIAL_SOURCES),
  status: z.enum(TRIAL_STATUSES),
  value: z.number().nullable(),
  epochsPlanned: z.number(),
  epochsDone: z.number(),
  stoppedAtEpoch: z.number().nullable(),
  stoppedThreshold: z.number().nullable(),
  reason: z.string().nullable(),
  attempts: z.number(),
  runId: z.string().nullable(),
  runNumber: z.number().nullable(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});

const configSummarySchema = z.object({ configKey: z.string(), assignment: assignmentSchema, sweep: meanIntervalSchema, confirm: meanIntervalSchema.nullable(), trials: z.number(), stopped: z.number() });

export const sweepOutput = {
  preview: z.object({ taskKind: z.enum(['classification', 'regression']), baseConfig: modelConfigSchema, preview: previewSchema }),
  create: z.object({ id: z.string(), number: z.number() }),
  list: z.array(sweepSummarySchema.extend({ goal: earlyStoppingMetricSchema, strategy: z.enum(SWEEP_STRATEGIES), earlyStop: z.enum(['off', 'asha', 'median']), trials: z.number(), finished: z.number() })),
  get: sweepSummarySchema.extend({
    definition: sweepDefinitionSchema,
    baseConfig: modelConfigSchema,
    configsProposed: z.number(),
    direction: z.enum(['maximize', 'minimize']),
    goalName: z.string(),
    rungEpochs: z.array(z.number()),
    trials: z.array(trialSchema),
    rungs: z.array(z.object({ rung: z.number(), trialId: z.string(), value: z.number(), promoted: z.boolean(), threshold: z.number().nullable() })),
    epochsTrained: z.number(),
    devLooks: z.number(),
    winner: z.object({
      ranked: z.array(configSummarySchema),
      comparison: z.object({ difference: meanIntervalSchema, pValue: z.number().nullable(), on: z.enum(['sweep', 'confirm']) }).nullable(),
      separated: z.boolean().nullable(),
      verdict: z.string(),
    }),
    importance: z.object({ trials: z.number(), parameters: z.array(z.object({ parameter: z.string(), share: z.number(), groups: z.number() })) }),
  }),
  curves: z.array(z.object({ trialId: z.string(), epochs: z.array(z.number()), values: z.array(z.number()) })),
  ok: okSchema,
  added: z.object({ trials: z.number() }),
};
