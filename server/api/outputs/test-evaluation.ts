import 'server-only';
import { z } from 'zod';
import { BUDGET_PERIODS } from '@/server/domain/test-evaluations/budget';

const budgetStateSchema = z.object({
  splitId: z.string(),
  sealedSetId: z.string(),
  sharedBySplits: z.number(),
  maxEvaluations: z.number(),
  period: z.enum(BUDGET_PERIODS),
  isDefault: z.boolean(),
  used: z.number(),
  remaining: z.number(),
  nextAvailableAt: z.date().nullable(),
  updatedAt: z.date().nullable(),
  updatedByName: z.string().nullable(),
  spentMessage: z.string().nullable(),
});
const testEvaluationResultSchema = z.object({
  metric: z.enum(['accuracy', 'rmse']).nullable(),
  score: z.number().nullable(),
  ciLow: z.number().nullable(),
  ciHigh: z.number().nullable(),
  testCount: z.number().nullable(),
  detail: z.record(z.string(), z.unknown()),
  error: z.string().nullable(),
  completedAt: z.date(),
});
const testEvaluationSchema = z.object({
  id: z.string(),
  splitId: z.string(),
  sealedSetId: z.string(),
  splitName: z.string(),
  runId: z.string(),
  runNumber: z.number(),
  requestedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  requestedAt: z.date(),
  modelHash: z.string(),
  reason: z.string(),
  status: z.enum(['failed', 'pending', 'ok']),
  result: testEvaluationResultSchema.nullable(),
});

/** What each `testEvaluation.*` procedure returns: the shape that leaves the server, checked on the way out. */
export const testEvaluationOutput = {
  budget: budgetStateSchema,
  setBudget: budgetStateSchema,
  request: z.object({ id: z.string(), reused: z.boolean() }),
  list: z.object({ items: z.array(testEvaluationSchema), nextCursor: z.object({ requestedAt: z.date(), id: z.string() }).nullable() }),
  get: testEvaluationSchema.nullable(),
};
