import 'server-only';
import { z } from 'zod';
import { BUDGET_PERIODS, getBudget, setBudget } from '@/server/domain/test-evaluations/budget';
import { getEvaluation, latestEvaluationOfRun, listEvaluations } from '@/server/domain/test-evaluations/queries';
import { MAX_REASON_LENGTH, requestEvaluation } from '@/server/domain/test-evaluations/request';
import { idSchema } from '@/server/shared/ids';
import { testEvaluationOutput } from '../outputs/test-evaluation';
import { createTRPCRouter, teamProcedure } from '../trpc';


/**
 * Test evaluations: budgeted, audited scoring of a finished run on the sealed test split. The
 * request returns an evaluation id at once; the worker scores it, and the client polls `get`
 * until its status is no longer `pending`.
 */
export const testEvaluationRouter = createTRPCRouter({
  /** The split's budget and how much of it the current window has used. */
  budget: teamProcedure('team.read')
    .input(z.object({ splitId: idSchema('splitId') }))
    .output(testEvaluationOutput.budget)
    .query(({ ctx, input }) => getBudget(ctx.db, ctx.team.id, input.splitId)),
  setBudget: teamProcedure('budget.manage')
    .input(
      z.object({
        splitId: idSchema('splitId'),
        maxEvaluations: z.number().int('maxEvaluations must be a whole number').min(0, 'maxEvaluations must be 0 or more').max(1000, 'maxEvaluations must be at most 1000'),
        period: z.enum(BUDGET_PERIODS),
      }),
    )
    .output(testEvaluationOutput.setBudget)
    .mutation(({ ctx, input }) =>
      setBudget(ctx.db, { teamId: ctx.team.id, userId: ctx.userId, splitId: input.splitId, maxEvaluations: input.maxEvaluations, period: input.period }),
    ),
  request: teamProcedure('test.request')
    .input(z.object({ runId: idSchema('runId'), reason: z.string().max(MAX_REASON_LENGTH, `Keep the reason under ${MAX_REASON_LENGTH} characters`).default('') }))
    .output(testEvaluationOutput.request)
    .mutation(async ({ ctx, input }) =>
      requestEvaluation(ctx.db, await ctx.services.boss(), { teamId: ctx.team.id, userId: ctx.userId, runId: input.runId, reason: input.reason }),
    ),
  /** The audit log, newest first; every member, viewers included, may read it. */
  list: teamProcedure('team.read')
    .input(
      z.object({
        splitId: idSchema('splitId').optional(),
        runId: idSchema('runId').optional(),
        cursor: z.object({ requestedAt: z.date(), id: idSchema('cursor.id') }).nullish(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .output(testEvaluationOutput.list)
    .query(({ ctx, input }) => listEvaluations(ctx.db, ctx.team.id, { splitId: input.splitId, runId: input.runId, limit: input.limit, cursor: input.cursor ?? undefined })),
  /** One evaluation by id; or, given only a runId, that run's latest evaluation (null if none). */
  get: teamProcedure('team.read')
    .input(z.object({ evaluationId: idSchema('evaluationId').optional(), runId: idSchema('runId').optional() }).refine((i) => i.evaluationId || i.runId, 'Give an evaluationId or a runId'))
    .output(testEvaluationOutput.get)
    .query(({ ctx, input }) =>
      input.evaluationId ? getEvaluation(ctx.db, ctx.team.id, input.evaluationId) : latestEvaluationOfRun(ctx.db, ctx.team.id, input.runId!),
    ),
});
