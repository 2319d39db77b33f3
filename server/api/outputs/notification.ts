import 'server-only';
import { z } from 'zod';
import { NOTIFICATION_KINDS } from '@/server/shared/collaboration/notify-users';

/** What each `notification.*` procedure returns: the shape that leaves the server, checked on the way out. */
export const notificationOutput = {
  list: z.object({
    items: z.array(
      z.object({
        kind: z.enum(NOTIFICATION_KINDS),
        id: z.number(),
        teamId: z.string(),
        teamSlug: z.string(),
        teamName: z.string(),
        runId: z.string().nullable(),
        runNumber: z.number().nullable(),
        actorId: z.string().nullable(),
        actorName: z.string().nullable(),
        payload: z.record(z.string(), z.unknown()),
        createdAt: z.date(),
        readAt: z.date().nullable(),
      }),
    ),
    nextCursor: z.number().nullable(),
  }),
  unreadCount: z.object({ count: z.number() }),
  markRead: z.object({ updated: z.number() }),
};
