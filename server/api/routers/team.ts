import 'server-only';
import { z } from 'zod';
import { createTeamInput, teamNameSchema, teamSlugSchema } from '@/server/shared/schemas/team';
import { createTeam, deleteTeam, getTeamBySlug, listMyTeams, renameTeam } from '@/server/domain/teams/teams';
import { leaveTeam, transferOwnership } from '@/server/domain/teams/members';
import { idSchema } from '@/server/shared/ids';
import { teamOutput } from '../outputs/team';
import { createTRPCRouter, teamProcedure, userProcedure } from '../trpc';

export const teamRouter = createTRPCRouter({
  list: userProcedure.output(teamOutput.list).query(({ ctx }) => listMyTeams(ctx.db, ctx.userId)),
  create: userProcedure.input(createTeamInput).output(teamOutput.create).mutation(({ ctx, input }) => createTeam(ctx.db, ctx.userId, input)),
  bySlug: userProcedure.input(z.object({ slug: teamSlugSchema })).output(teamOutput.bySlug).query(({ ctx, input }) => getTeamBySlug(ctx.db, ctx.userId, input.slug)),
  rename: teamProcedure('team.rename')
    .input(z.object({ name: teamNameSchema }))
    .output(teamOutput.rename)
    .mutation(async ({ ctx, input }) => {
      await renameTeam(ctx.db, ctx.userId, ctx.team.id, input.name);
      return { ok: true as const };
    }),
  delete: teamProcedure('team.delete')
    .input(z.object({ confirmSlug: z.string() }))
    .output(teamOutput.delete)
    .mutation(async ({ ctx, input }) => {
      await deleteTeam(ctx.db, ctx.team.id, input.confirmSlug);
      return { ok: true as const };
    }),
  transferOwnership: teamProcedure('team.transfer')
    .input(z.object({ toUserId: idSchema('toUserId') }))
    .output(teamOutput.transferOwnership)
    .mutation(async ({ ctx, input }) => {
      await transferOwnership(ctx.db, ctx.userId, ctx.team.id, input.toUserId);
      return { ok: true as const };
    }),
  leave: teamProcedure('team.leave').output(teamOutput.leave).mutation(async ({ ctx }) => {
    await leaveTeam(ctx.db, ctx.team.id, ctx.userId);
    return { ok: true as const };
  }),
});
