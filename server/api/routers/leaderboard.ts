import 'server-only';
import { z } from 'zod';
import { getLeaderboard } from '@/server/domain/leaderboards/leaderboard';
import { LEADERBOARD_METRICS } from '@/server/domain/leaderboards/metrics';
import { getRunDiagnosis } from '@/server/domain/leaderboards/run-diagnosis';
import { idSchema } from '@/server/shared/ids';
import { leaderboardOutput } from '../outputs/leaderboard';
import { createTRPCRouter, teamProcedure } from '../trpc';


export const leaderboardRouter = createTRPCRouter({
  /** Ranked succeeded runs on one dev split; metric defaults to accuracy (classification) or RMSE (regression). */
  get: teamProcedure('team.read')
    .input(
      z.object({
        splitId: idSchema('splitId'),
        metric: z.enum(LEADERBOARD_METRICS, { message: `Metric must be one of ${LEADERBOARD_METRICS.join(', ')}` }).optional(),
        ladder: z.boolean().default(true),
      }),
    )
    .output(leaderboardOutput.get)
    .query(({ ctx, input }) =>
      getLeaderboard(ctx.db, ctx.services.blobs, ctx.team.id, input.splitId, { metric: input.metric, ladder: input.ladder }),
    ),
  diagnosis: teamProcedure('team.read')
    .input(z.object({ runId: idSchema('runId') }))
    .output(leaderboardOutput.diagnosis)
    .query(({ ctx, input }) => getRunDiagnosis(ctx.db, ctx.team.id, input.runId)),
});
