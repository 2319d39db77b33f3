import 'server-only';
import { z } from 'zod';
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
    .input(z.object({ datasetId: idSchema('datasetId').optional(), datasetVersionId: idSchema('datasetVersionId').optional() }))
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
  setHumanLevelError: teamProcedure('split.create')
    .input(z.object({ splitId: idSchema('splitId'), humanLevelError }))
    .output(splitOutput.setHumanLevelError)
    .mutation(async ({ ctx, input }) => {
      await setHumanLevelError(ctx.db, ctx.team.id, input.splitId, input.humanLevelError);
      return { ok: true as const };
    }),
});
