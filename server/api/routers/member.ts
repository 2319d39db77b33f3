import 'server-only';
import { z } from 'zod';
import { teamRoleSchema } from '@/server/shared/schemas/team';
import { changeMemberRole, listMembers, removeMember } from '@/server/domain/teams/members';
import { idSchema } from '@/server/shared/ids';
import { createTRPCRouter, teamProcedure } from '../trpc';

const userIdSchema = idSchema('userId');

export const memberRouter = createTRPCRouter({
  list: teamProcedure('team.read').query(({ ctx }) => listMembers(ctx.db, ctx.team.id)),
  changeRole: teamProcedure('members.manage')
    .input(z.object({ userId: userIdSchema, role: teamRoleSchema }))
    .mutation(async ({ ctx, input }) => {
      await changeMemberRole(ctx.db, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input);
      return { ok: true as const };
    }),
  remove: teamProcedure('members.manage')
    .input(z.object({ userId: userIdSchema }))
    .mutation(async ({ ctx, input }) => {
      await removeMember(ctx.db, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input.userId);
      return { ok: true as const };
    }),
});
