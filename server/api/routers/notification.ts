import 'server-only';
import { z } from 'zod';
import { listNotifications, markNotificationsRead, unreadCount } from '@/server/domain/collaboration/notifications';
import { idSchema } from '@/server/shared/ids';
import { notificationOutput } from '../outputs/notification';
import { createTRPCRouter, userProcedure } from '../trpc';

const teamFilter = idSchema('teamId').optional();

/**
 * The caller's own in-app notifications. User-tier, not team-tier: the bell spans every team
 * the caller belongs to, and a viewer must be able to mark their own read. The domain keys
 * every query by the caller and hides teams they have left.
 */
export const notificationRouter = createTRPCRouter({
  list: userProcedure
    .input(
      z.object({
        teamId: teamFilter,
        unreadOnly: z.boolean().default(false),
        cursor: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullish(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .output(notificationOutput.list)
    .query(({ ctx, input }) => listNotifications(ctx.db, ctx.userId, { ...input, cursor: input.cursor ?? undefined })),
  unreadCount: userProcedure
    .input(z.object({ teamId: teamFilter }).optional())
    .output(notificationOutput.unreadCount)
    .query(({ ctx, input }) => unreadCount(ctx.db, ctx.userId, input?.teamId)),
  markRead: userProcedure
    .input(z.union([z.object({ ids: z.array(z.number().int().positive()).min(1).max(500) }), z.object({ all: z.literal(true), teamId: teamFilter })]))
    .output(notificationOutput.markRead)
    .mutation(({ ctx, input }) => markNotificationsRead(ctx.db, ctx.userId, input)),
});
