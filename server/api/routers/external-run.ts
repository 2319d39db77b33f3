import 'server-only';
import { z } from 'zod';
import { createExternalRun, finishExternalRun, logExternalParams } from '@/server/domain/runs/external';
import { logExternalMetrics, loggedMetrics } from '@/server/domain/runs/external-metrics';
import { submitDevPredictions, submitTestPredictions } from '@/server/domain/runs/external-predictions';
import { assertRunInTeam } from '@/server/domain/runs/queries';
import { listArtifacts } from '@/server/domain/runs/artifacts';
import {
  devPredictionsInput,
  externalRunCreateInput,
  finishExternalRunInput,
  logMetricsInput,
  logParamsInput,
  testPredictionsInput,
} from '@/server/shared/runs/external-run-input';
import { idSchema } from '@/server/shared/ids';
import { externalRunOutput } from '../outputs/external-run';
import { createTRPCRouter, teamProcedure } from '../trpc';

/**
 * Runs trained elsewhere, reported by scripts through the HTTP API (/api/v1, which calls these
 * procedures) or by the pages. Their inputs live in server/shared/runs/external-run-input.ts.
 */
export const externalRunRouter = createTRPCRouter({
  create: teamProcedure('run.create')
    .input(externalRunCreateInput)
    .output(externalRunOutput.create)
    .mutation(({ ctx, input }) => createExternalRun(ctx.db, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input)),
  logMetrics: teamProcedure('run.create')
    .input(logMetricsInput)
    .output(externalRunOutput.logMetrics)
    .mutation(({ ctx, input }) => logExternalMetrics(ctx.db, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input)),
  logParams: teamProcedure('run.create')
    .input(logParamsInput)
    .output(externalRunOutput.logParams)
    .mutation(({ ctx, input }) => logExternalParams(ctx.db, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input)),
  finish: teamProcedure('run.create')
    .input(finishExternalRunInput)
    .output(externalRunOutput.finish)
    .mutation(({ ctx, input }) => finishExternalRun(ctx.db, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input)),
  submitDevPredictions: teamProcedure('run.create')
    .input(devPredictionsInput)
    .output(externalRunOutput.submitDevPredictions)
    .mutation(({ ctx, input }) => submitDevPredictions(ctx.db, ctx.services.blobs, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input)),
  submitTestPredictions: teamProcedure('test.request')
    .input(testPredictionsInput)
    .output(externalRunOutput.submitTestPredictions)
    .mutation(({ ctx, input }) => submitTestPredictions(ctx.db, ctx.services.blobs, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input)),
  /** The files a script attached (the run page lists them; the HTTP API serves their bytes). */
  artifacts: teamProcedure('team.read')
    .input(z.object({ runId: idSchema('runId') }))
    .output(externalRunOutput.artifacts)
    .query(({ ctx, input }) => listArtifacts(ctx.db, ctx.team.id, input.runId)),
  /** What a script logged, by key: the run page draws it, marked self-reported. */
  loggedMetrics: teamProcedure('team.read')
    .input(z.object({ runId: idSchema('runId') }))
    .output(externalRunOutput.loggedMetrics)
    .query(async ({ ctx, input }) => {
      await assertRunInTeam(ctx.db, ctx.team.id, input.runId);
      return loggedMetrics(ctx.db, input.runId);
    }),
});
