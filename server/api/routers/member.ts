import 'server-only';
import { z } from 'zod';
import { teamRoleSchema } from '@/server/shared/schemas/team';
import { changeMemberRole, listMembers, removeMember } from '@/server/domain/teams/members';
import { idSchema } from '@/server/shared/ids';
import { memberOutput } from '../outputs/member';
import { createTRPCRouter, teamProcedure } from '../trpc';

const userIdSchema = idSchema('userId');

export const memberRouter = createTRPCRouter({
  list: teamProcedure('team.read').output(memberOutput.list).query(({ ctx }) => listMembers(ctx.db, ctx.team.id)),
  changeRole: teamProcedure('members.manage')
    .input(z.object({ userId: userIdSchema, role: teamRoleSchema }))
    .output(memberOutput.changeRole)
    .mutation(async ({ ctx, input }) => {
      await changeMemberRole(ctx.db, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input);
      return { ok: true as const };
    }),
  remove: teamProcedure('members.manage')
    .input(z.object({ userId: userIdSchema }))
    .output(memberOutput.remove)
    .mutation(async ({ ctx, input }) => {
      await removeMember(ctx.db, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input.userId);
      return { ok: true as const };
    }),
});
