import 'server-only';
import { z } from 'zod';
import { LEADERBOARD_METRICS } from '@/server/domain/leaderboards/metrics';
import { TASK_KINDS } from '@/server/shared/runs/model-config';
import { RUN_STATUSES } from '@/server/shared/runs/run-status';
import { devBaselineSchema } from './split';

const comparisonSchema = z.object({
  againstRunNumber: z.number(),
  test: z.enum(['mcnemar', 'paired-bootstrap']).nullable(),
  pValue: z.number().nullable(),
  significant: z.boolean().nullable(),
  text: z.string(),
});
const fitSchema = z.object({
  errorKind: z.enum(['rmse', 'classification-error']),
  trainError: z.number().nullable(),
  devError: z.number().nullable(),
  humanLevelError: z.number().nullable(),
  avoidableBias: z.number().nullable(),
  variance: z.number().nullable(),
  baseline: z.object({ description: z.string(), devError: z.number() }).nullable(),
  verdict: z.enum(['worse-than-baseline', 'high-bias', 'high-variance', 'high-bias-and-variance', 'good-fit']).nullable(),
  focus: z.enum(['bias', 'variance']).nullable(),
  summary: z.string(),
  nextSteps: z.array(z.string()),
  notes: z.array(z.string()),
});
const leaderboardRowSchema = z.object({
  rank: z.number(),
  runId: z.string(),
  runNumber: z.number(),
  runName: z.string(),
  external: z.object({ source: z.record(z.string(), z.string()) }).nullable(),
  author: z.object({ id: z.string().nullable(), name: z.string().nullable() }),
  createdAt: z.date(),
  score: z.number(),
  ci: z.object({ lower: z.number(), upper: z.number(), method: z.enum(['wilson', 'bootstrap']) }).nullable(),
  vsNext: comparisonSchema.nullable(),
  fit: fitSchema,
});
const devReuseSchema = z.object({ runsScored: z.number(), level: z.enum(['ok', 'notice', 'warning']), message: z.string() });
const ladderStepSchema = z.object({
  round: z.number(),
  runId: z.string(),
  runNumber: z.number(),
  createdAt: z.date(),
  releasedLoss: z.number(),
  releasedScore: z.number().nullable(),
  updated: z.boolean(),
});
const ladderSchema = z.object({
  mechanism: z.literal('parameter-free-ladder'),
  loss: z.enum(['zero-one', 'relative-squared-error', 'relative-absolute-error']),
  steps: z.array(ladderStepSchema),
  movedBoard: z.array(z.string()),
  skippedRunIds: z.array(z.string()),
  note: z.string(),
});
const leaderboardSchema = z.object({
  split: z.object({ id: z.string(), name: z.string(), taskKind: z.enum(TASK_KINDS), devCount: z.number(), humanLevelError: z.number().nullable() }),
  metric: z.enum(LEADERBOARD_METRICS),
  metrics: z.array(z.enum(LEADERBOARD_METRICS)),
  higherIsBetter: z.boolean(),
  rows: z.array(leaderboardRowSchema),
  window: z.object({ included: z.number(), total: z.number(), capped: z.boolean(), message: z.string().nullable() }),
  devReuse: devReuseSchema,
  ladder: ladderSchema.nullable(),
  baseline: z.object({ description: z.string(), score: z.number().nullable(), detail: devBaselineSchema }).nullable(),
});
const runDiagnosisSchema = z.object({
  runId: z.string(),
  runNumber: z.number(),
  status: z.enum(RUN_STATUSES),
  taskKind: z.enum(TASK_KINDS),
  bestEpoch: z.number().nullable(),
  fit: fitSchema,
  baseline: devBaselineSchema.nullable(),
  learningCurve: z
    .object({
      status: z.enum(['diverged', 'overfitting', 'not-converged', 'converged']),
      epoch: z.number().nullable(),
      summary: z.string(),
      nextSteps: z.array(z.string()),
      epochs: z.number(),
    })
    .nullable(),
});

/** What each `leaderboard.*` procedure returns: the shape that leaves the server, checked on the way out. */
export const leaderboardOutput = {
  get: leaderboardSchema,
  diagnosis: runDiagnosisSchema,
};
