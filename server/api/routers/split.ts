import 'server-only';
import { z } from 'zod';
import { archiveSplit, renameSplit } from '@/server/domain/datasets/archive';
import { freezeSplit, previewSplit } from '@/server/domain/splits/freeze';
import { getSplit, listSplits, setHumanLevelError } from '@/server/domain/splits/queries';
import { idSchema } from '@/server/shared/ids';
import { splitOutput } from '../outputs/split';
import { createTRPCRouter, teamProcedure } from '../trpc';

const humanLevelError = z
  .number({ message: 'Human-level error must be a number' })
  .min(0, 'Human-level error is at least 0')
  .max(1e12, 'Human-level error is too large')
  .nullable();

export const splitRouter = createTRPCRouter({
  list: teamProcedure('team.read')
    .input(z.object({ datasetId: idSchema('datasetId').optional(), datasetVersionId: idSchema('datasetVersionId').optional(), includeArchived: z.boolean().default(false) }))
    .output(splitOutput.list)
    .query(({ ctx, input }) => listSplits(ctx.db, ctx.team.id, input)),
  get: teamProcedure('team.read')
    .input(z.object({ splitId: idSchema('splitId') }))
    .output(splitOutput.get)
    .query(({ ctx, input }) => getSplit(ctx.db, ctx.team.id, input.splitId)),
  freeze: teamProcedure('split.create')
    .input(
      z.object({
        datasetVersionId: idSchema('datasetVersionId'),
        name: z.string().trim().min(1, 'Give the split a name').max(120, 'Split names are at most 120 characters'),
        // Validated in depth by the split domain, whose messages name the field and the fix.
        definition: z.record(z.string(), z.unknown()),
        humanLevelError: humanLevelError.default(null),
      }),
    )
    .output(splitOutput.freeze)
    .mutation(({ ctx, input }) => freezeSplit(ctx.db, ctx.services.blobs, { ...input, teamId: ctx.team.id, userId: ctx.userId })),
  /** The freeze form's live preview: parts, precision and mismatch verdicts as freezing would store them; stores nothing. */
  preview: teamProcedure('split.create')
    .input(z.object({ datasetVersionId: idSchema('datasetVersionId'), definition: z.record(z.string(), z.unknown()) }))
    .output(splitOutput.preview)
    .query(({ ctx, input }) => previewSplit(ctx.db, ctx.services.blobs, { ...input, teamId: ctx.team.id })),
  rename: teamProcedure('split.create')
    .input(z.object({ splitId: idSchema('splitId'), name: z.string().max(200, 'name: split names are at most 120 characters') }))
    .output(splitOutput.ok)
    .mutation(async ({ ctx, input }) => {
      await renameSplit(ctx.db, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input.splitId, input.name);
      return { ok: true as const };
    }),
  /** Archived: hidden from lists, closed to new runs, kept with everything that depends on it. */
  setArchived: teamProcedure('split.create')
    .input(z.object({ splitId: idSchema('splitId'), archived: z.boolean() }))
    .output(splitOutput.ok)
    .mutation(async ({ ctx, input }) => {
      await archiveSplit(ctx.db, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input.splitId, input.archived);
      return { ok: true as const };
    }),
  setHumanLevelError: teamProcedure('split.create')
    .input(z.object({ splitId: idSchema('splitId'), humanLevelError }))
    .output(splitOutput.setHumanLevelError)
    .mutation(async ({ ctx, input }) => {
      await setHumanLevelError(ctx.db, ctx.team.id, input.splitId, input.humanLevelError);
      return { ok: true as const };
    }),
});
