import 'server-only';
import { changePasswordInput, displayNameSchema, signUpInput } from '@/server/shared/schemas/account';
import { changePassword, getUser, signUp, updateProfile } from '@/server/domain/accounts/accounts';
import { revokeOtherSessions } from '@/server/domain/accounts/sessions';
import { publicCpuGuard } from '@/server/domain/accounts/public-cpu-guard';
import { accountOutput } from '../outputs/account';
import { createTRPCRouter, publicProcedure, userProcedure } from '../trpc';
import { z } from 'zod';

export const accountRouter = createTRPCRouter({
  signUp: publicProcedure.input(signUpInput).output(accountOutput.signUp).mutation(async ({ ctx, input }) => {
    const user = await signUp(ctx.db, input, publicCpuGuard);
    return { id: user.id, email: user.email, name: user.name };
  }),
  me: userProcedure.output(accountOutput.me).query(({ ctx }) => getUser(ctx.db, ctx.userId)),
  updateProfile: userProcedure
    .input(z.object({ name: displayNameSchema }))
    .output(accountOutput.updateProfile)
    .mutation(({ ctx, input }) => updateProfile(ctx.db, ctx.userId, input)),
  changePassword: userProcedure.input(changePasswordInput).output(accountOutput.changePassword).mutation(async ({ ctx, input }) => {
    // Every other signed-in browser of this account is signed out; this one stays.
    await changePassword(ctx.db, ctx.userId, input, ctx.sessionId);
    return { ok: true as const };
  }),
  /** Signs out every other browser where this account is signed in. */
  signOutOthers: userProcedure.output(accountOutput.signOutOthers).mutation(async ({ ctx }) => {
    await revokeOtherSessions(ctx.db, ctx.userId, ctx.sessionId);
    return { ok: true as const };
  }),
});
