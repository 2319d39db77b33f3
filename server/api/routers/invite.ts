import 'server-only';
import { z } from 'zod';
import { inviteExpiryDays, teamRoleSchema } from '@/server/shared/schemas/team';
import { acceptInvite, createInvite, listInvites, previewInvite, revokeInvite } from '@/server/domain/teams/invites';
import { idSchema } from '@/server/shared/ids';
import { inviteOutput } from '../outputs/invite';
import { createTRPCRouter, publicProcedure, teamProcedure, userProcedure } from '../trpc';

const tokenSchema = z.string().trim().min(16, 'This invite link is not valid. Check that you copied the whole link.').max(128);

export const inviteRouter = createTRPCRouter({
  create: teamProcedure('invites.manage')
    .input(z.object({ role: teamRoleSchema, expiresInDays: inviteExpiryDays.default(7) }))
    .output(inviteOutput.create)
    .mutation(({ ctx, input }) => createInvite(ctx.db, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input)),
  list: teamProcedure('invites.manage').output(inviteOutput.list).query(({ ctx }) => listInvites(ctx.db, ctx.team.id)),
  revoke: teamProcedure('invites.manage')
    .input(z.object({ inviteId: idSchema('inviteId') }))
    .output(inviteOutput.revoke)
    .mutation(async ({ ctx, input }) => {
      await revokeInvite(ctx.db, ctx.userId, ctx.team.id, input.inviteId);
      return { ok: true as const };
    }),
  /** Public: a person who isn't signed up yet sees which team invited them. */
  preview: publicProcedure.input(z.object({ token: tokenSchema })).output(inviteOutput.preview).query(({ ctx, input }) => previewInvite(ctx.db, input.token)),
  accept: userProcedure.input(z.object({ token: tokenSchema })).output(inviteOutput.accept).mutation(({ ctx, input }) => acceptInvite(ctx.db, ctx.userId, input.token)),
});
