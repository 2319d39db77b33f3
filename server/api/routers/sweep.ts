import 'server-only';
import { z } from 'zod';
import { addTrial, cancelSweep, confirmTop, extendSweep, pauseSweep, resumeSweep } from '@/server/domain/sweeps/control';
import { createSweep, planSweep } from '@/server/domain/sweeps/create';
import { getSweep, listSweeps, sweepCurves } from '@/server/domain/sweeps/queries';
import { idSchema } from '@/server/shared/ids';
import { sweepBudgetSchema, sweepDefinitionSchema } from '@/server/shared/sweeps/definition';
import { sweepOutput } from '../outputs/sweep';
import { createTRPCRouter, teamProcedure } from '../trpc';

const sweepId = z.object({ sweepId: idSchema('sweepId') });
const assignmentSchema = z.record(z.string().max(40), z.union([z.string().max(40), z.number().finite(), z.boolean()])).refine((a) => Object.keys(a).length > 0, 'assignment: give at least one parameter value');

/** Hyperparameter sweeps on a frozen split: plan, launch, steer and read. */
export const sweepRouter = createTRPCRouter({
  /** The launch form's live check: the refusal naming the field, or the budget it would spend. */
  preview: teamProcedure('team.read')
    .input(z.object({ splitId: idSchema('splitId'), definition: sweepDefinitionSchema, baseConfig: z.unknown().optional() }))
    .output(sweepOutput.preview)
    .query(async ({ ctx, input }) => {
      const plan = await planSweep(ctx.db, ctx.team.id, input);
      return { taskKind: plan.taskKind, baseConfig: plan.base, preview: plan.preview };
    }),
  create: teamProcedure('run.create')
    .input(z.object({ splitId: idSchema('splitId'), name: z.string().trim().min(1, 'name: give the sweep a name').max(100, 'name: at most 100 characters'), definition: sweepDefinitionSchema, baseConfig: z.unknown().optional() }))
    .output(sweepOutput.create)
    .mutation(async ({ ctx, input }) => createSweep(ctx.db, await ctx.services.boss(), { ...input, teamId: ctx.team.id, userId: ctx.userId })),
  list: teamProcedure('team.read')
    .input(z.object({ splitId: idSchema('splitId').optional() }))
    .output(sweepOutput.list)
    .query(({ ctx, input }) => listSweeps(ctx.db, ctx.team.id, input.splitId)),
  get: teamProcedure('team.read')
    .input(sweepId)
    .output(sweepOutput.get)
    .query(({ ctx, input }) => getSweep(ctx.db, ctx.team.id, input.sweepId)),
  curves: teamProcedure('team.read')
    .input(sweepId)
    .output(sweepOutput.curves)
    .query(({ ctx, input }) => sweepCurves(ctx.db, ctx.team.id, input.sweepId)),
  pause: teamProcedure('run.create')
    .input(sweepId)
    .output(sweepOutput.ok)
    .mutation(async ({ ctx, input }) => {
      await pauseSweep(ctx.db, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input.sweepId);
      return { ok: true as const };
    }),
  resume: teamProcedure('run.create')
    .input(sweepId)
    .output(sweepOutput.ok)
    .mutation(async ({ ctx, input }) => {
      await resumeSweep(ctx.db, await ctx.services.boss(), { userId: ctx.userId, role: ctx.role }, ctx.team.id, input.sweepId);
      return { ok: true as const };
    }),
  cancel: teamProcedure('run.create')
    .input(sweepId)
    .output(sweepOutput.ok)
    .mutation(async ({ ctx, input }) => {
      await cancelSweep(ctx.db, await ctx.services.boss(), { userId: ctx.userId, role: ctx.role }, ctx.team.id, input.sweepId);
      return { ok: true as const };
    }),
  extend: teamProcedure('run.create')
    .input(sweepId.extend({ maxTrials: sweepBudgetSchema.shape.maxTrials.optional(), maxEpochs: sweepBudgetSchema.shape.maxEpochs.optional() }))
    .output(sweepOutput.ok)
    .mutation(async ({ ctx, input }) => {
      await extendSweep(ctx.db, await ctx.services.boss(), { userId: ctx.userId, role: ctx.role }, ctx.team.id, input.sweepId, input);
      return { ok: true as const };
    }),
  addTrial: teamProcedure('run.create')
    .input(sweepId.extend({ assignment: assignmentSchema }))
    .output(sweepOutput.added)
    .mutation(async ({ ctx, input }) => addTrial(ctx.db, await ctx.services.boss(), { userId: ctx.userId, role: ctx.role }, ctx.team.id, input.sweepId, input.assignment)),
  confirm: teamProcedure('run.create')
    .input(sweepId.extend({ top: z.int('top is a whole number').min(1, 'top: confirm at least 1 configuration').max(5, 'top: at most the top 5'), seeds: z.int('seeds is a whole number').min(2, 'seeds: at least 2 fresh seeds, or there is no interval').max(10, 'seeds: at most 10 fresh seeds') }))
    .output(sweepOutput.added)
    .mutation(async ({ ctx, input }) => confirmTop(ctx.db, await ctx.services.boss(), { userId: ctx.userId, role: ctx.role }, ctx.team.id, input.sweepId, input)),
});
