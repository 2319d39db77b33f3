import 'server-only';
import { z } from 'zod';
import { RUN_STATUSES } from '@/server/shared/runs/run-status';

const devScoreSchema = z.object({
  metric: z.enum(['accuracy', 'rmse']),
  accuracy: z.number().nullable(),
  macroF1: z.number().nullable(),
  rmse: z.number().nullable(),
  mae: z.number().nullable(),
  r2: z.number().nullable(),
  devCount: z.number(),
});

/** What each `externalRun.*` procedure returns (and so what the HTTP API answers). */
export const externalRunOutput = {
  create: z.object({ id: z.string(), number: z.number() }),
  logMetrics: z.object({ accepted: z.number(), alreadyLogged: z.number() }),
  logParams: z.object({ params: z.number() }),
  finish: z.object({ status: z.enum(RUN_STATUSES) }),
  submitDevPredictions: devScoreSchema,
  submitTestPredictions: z.object({
    evaluationId: z.string(),
    reused: z.boolean(),
    outcome: z.enum(['ok', 'failed']),
    metric: z.string().nullable(),
    score: z.number().nullable(),
    ciLow: z.number().nullable(),
    ciHigh: z.number().nullable(),
    testCount: z.number().nullable(),
    error: z.string().nullable(),
  }),
  artifacts: z.array(z.object({ path: z.string(), sizeBytes: z.number(), contentType: z.string(), createdAt: z.date() })),
  loggedMetrics: z.array(z.object({ key: z.string(), steps: z.array(z.number()), values: z.array(z.number()) })),
};
