import 'server-only';
import { changePasswordInput, displayNameSchema, signUpInput } from '@/server/api/schemas/account';
import { changePassword, getUser, signUp, updateProfile } from '@/server/domain/accounts/accounts';
import { createTRPCRouter, publicProcedure, userProcedure } from '../trpc';
import { z } from 'zod';

export const accountRouter = createTRPCRouter({
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    const user = await signUp(ctx.db, input);
    return { id: user.id, email: user.email, name: user.name };
  }),
  me: userProcedure.query(({ ctx }) => getUser(ctx.db, ctx.userId)),
  updateProfile: userProcedure
    .input(z.object({ name: displayNameSchema }))
    .mutation(({ ctx, input }) => updateProfile(ctx.db, ctx.userId, input)),
  changePassword: userProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    await changePassword(ctx.db, ctx.userId, input);
    return { ok: true as const };
  }),
});
