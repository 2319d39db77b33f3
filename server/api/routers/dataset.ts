import 'server-only';
import { columnOverridesSchema } from '@/server/shared/datasets/column-overrides';
import { z } from 'zod';
import { discardDraft, getDraftRow, toDraftDto } from '@/server/domain/datasets/drafts';
import { getDataset, getDatasetVersion, listDatasets } from '@/server/domain/datasets/queries';
import { registerDraft } from '@/server/domain/datasets/register';
import { addExampleDataset, exampleInput } from '@/server/domain/examples/add-example';
import { archiveDataset, renameDataset } from '@/server/domain/datasets/archive';
import { GENERATED_EXAMPLES } from '@/server/shared/examples/generators';
import { SHIPPED_EXAMPLES, SHIPPED_LICENSE } from '@/server/domain/examples/shipped';
import { loadServerEnv } from '@/server/shared/env';
import { idSchema } from '@/server/shared/ids';
import { datasetOutput } from '../outputs/dataset';
import { createTRPCRouter, teamProcedure } from '../trpc';

const datasetName = z.string().trim().min(1, 'Give the dataset a name').max(120, 'Dataset names are at most 120 characters');

export const datasetRouter = createTRPCRouter({
  list: teamProcedure('team.read')
    .input(z.object({ includeArchived: z.boolean().default(false) }).default({ includeArchived: false }))
    .output(datasetOutput.list)
    .query(({ ctx, input }) => listDatasets(ctx.db, ctx.team.id, input)),
  rename: teamProcedure('dataset.create')
    .input(z.object({ datasetId: idSchema('datasetId'), name: z.string().max(200, 'name: dataset names are at most 120 characters') }))
    .output(datasetOutput.ok)
    .mutation(async ({ ctx, input }) => {
      await renameDataset(ctx.db, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input.datasetId, input.name);
      return { ok: true as const };
    }),
  /** Archived: hidden from lists, kept with its versions, splits, runs and seal; its name is free again. */
  setArchived: teamProcedure('dataset.create')
    .input(z.object({ datasetId: idSchema('datasetId'), archived: z.boolean() }))
    .output(datasetOutput.ok)
    .mutation(async ({ ctx, input }) => {
      await archiveDataset(ctx.db, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input.datasetId, input.archived);
      return { ok: true as const };
    }),
  get: teamProcedure('team.read')
    .input(z.object({ datasetId: idSchema('datasetId') }))
    .output(datasetOutput.get)
    .query(({ ctx, input }) => getDataset(ctx.db, ctx.team.id, input.datasetId)),
  version: teamProcedure('team.read')
    .input(z.object({ versionId: idSchema('versionId') }))
    .output(datasetOutput.version)
    .query(({ ctx, input }) => getDatasetVersion(ctx.db, ctx.team.id, input.versionId)),
  examples: teamProcedure('team.read').output(datasetOutput.examples).query(() => ({
    generated: Object.entries(GENERATED_EXAMPLES).map(([kind, meta]) => ({ kind, ...meta })),
    shipped: Object.entries(SHIPPED_EXAMPLES).map(([key, meta]) => ({ key, title: meta.title, description: meta.description, source: meta.source, license: SHIPPED_LICENSE })),
  })),
  addExample: teamProcedure('dataset.create')
    .input(z.object({ example: exampleInput }))
    .output(datasetOutput.addExample)
    .mutation(({ ctx, input }) => {
      const env = loadServerEnv();
      return addExampleDataset(ctx.db, ctx.services.blobs, {
        teamId: ctx.team.id,
        userId: ctx.userId,
        projectRoot: env.projectRoot,
        maxBytes: env.maxUploadBytes,
        example: input.example,
      });
    }),
  /** An upload waiting for its target: its uploader's only. */
  draft: teamProcedure('dataset.create')
    .input(z.object({ draftId: idSchema('draftId') }))
    .output(datasetOutput.draft)
    .query(async ({ ctx, input }) => toDraftDto(await getDraftRow(ctx.db, ctx.team.id, ctx.userId, input.draftId))),
  discardDraft: teamProcedure('dataset.create')
    .input(z.object({ draftId: idSchema('draftId') }))
    .output(datasetOutput.discardDraft)
    .mutation(async ({ ctx, input }) => {
      await discardDraft(ctx.db, ctx.team.id, ctx.userId, input.draftId);
      return { ok: true as const };
    }),
  register: teamProcedure('dataset.create')
    .input(
      z.object({
        draftId: idSchema('draftId'),
        dataset: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('new'), name: datasetName, description: z.string().trim().max(2000, 'Descriptions are at most 2,000 characters').default('') }),
          z.object({ kind: z.literal('existing'), datasetId: idSchema('datasetId') }),
        ]),
        targetColumn: z.string().min(1, 'Choose the target column'),
        taskKind: z.enum(['classification', 'regression'], { message: 'Task kind must be classification or regression' }),
        excludedColumns: z.array(z.string()).max(2000).default([]),
        columnOverrides: columnOverridesSchema,
      }),
    )
    .output(datasetOutput.register)
    .mutation(({ ctx, input }) => registerDraft(ctx.db, ctx.services.blobs, { ...input, teamId: ctx.team.id, userId: ctx.userId })),
});
