import 'server-only';
import { accountRouter } from './routers/account';
import { apiTokenRouter } from './routers/api-token';
import { externalRunRouter } from './routers/external-run';
import { activityRouter } from './routers/activity';
import { collaborationRouter } from './routers/collaboration';
import { notificationRouter } from './routers/notification';
import { auditRouter } from './routers/audit';
import { datasetRouter } from './routers/dataset';
import { leaderboardRouter } from './routers/leaderboard';
import { runRouter } from './routers/run';
import { splitRouter } from './routers/split';
import { sweepRouter } from './routers/sweep';
import { inviteRouter } from './routers/invite';
import { memberRouter } from './routers/member';
import { teamRouter } from './routers/team';
import { testEvaluationRouter } from './routers/test-evaluation';
import { createCallerFactory, createTRPCRouter } from './trpc';

export const appRouter = createTRPCRouter({
  account: accountRouter,
  apiToken: apiTokenRouter,
  team: teamRouter,
  member: memberRouter,
  invite: inviteRouter,
  audit: auditRouter,
  dataset: datasetRouter,
  split: splitRouter,
  run: runRouter,
  externalRun: externalRunRouter,
  sweep: sweepRouter,
  collaboration: collaborationRouter,
  activity: activityRouter,
  notification: notificationRouter,
  leaderboard: leaderboardRouter,
  testEvaluation: testEvaluationRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
