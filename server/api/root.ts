import 'server-only';
import { accountRouter } from './routers/account';
import { auditRouter } from './routers/audit';
import { inviteRouter } from './routers/invite';
import { memberRouter } from './routers/member';
import { teamRouter } from './routers/team';
import { createCallerFactory, createTRPCRouter } from './trpc';

export const appRouter = createTRPCRouter({
  account: accountRouter,
  team: teamRouter,
  member: memberRouter,
  invite: inviteRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
