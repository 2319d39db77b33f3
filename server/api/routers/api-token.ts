import 'server-only';
import { z } from 'zod';
import { createApiToken, listApiTokens, revokeApiToken } from '@/server/domain/accounts/api-tokens';
import { apiTokenCreateInput } from '@/server/shared/runs/external-run-input';
import { idSchema } from '@/server/shared/ids';
import { apiTokenOutput } from '../outputs/api-token';
import { createTRPCRouter, userProcedure } from '../trpc';

/** A person's own API tokens (the account page). Scripts use them; they never manage them. */
export const apiTokenRouter = createTRPCRouter({
  create: userProcedure
    .input(apiTokenCreateInput)
    .output(apiTokenOutput.create)
    .mutation(({ ctx, input }) => createApiToken(ctx.db, ctx.userId, input)),
  list: userProcedure.output(apiTokenOutput.list).query(({ ctx }) => listApiTokens(ctx.db, ctx.userId)),
  revoke: userProcedure
    .input(z.object({ tokenId: idSchema('tokenId') }))
    .output(apiTokenOutput.revoke)
    .mutation(async ({ ctx, input }) => {
      await revokeApiToken(ctx.db, ctx.userId, input.tokenId);
      return { ok: true as const };
    }),
});
