import 'server-only';
import { z } from 'zod';
import { trackedStreamOf } from './common';
import { ACTIVITY_KINDS } from '@/server/shared/activity/record';

const activityItemSchema = z.object({
  kind: z.enum(ACTIVITY_KINDS),
  id: z.number(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  runId: z.string().nullable(),
  runNumber: z.number().nullable(),
  splitId: z.string().nullable(),
  splitName: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
});

/** What each `activity.*` procedure returns: the shape that leaves the server, checked on the way out. */
export const activityOutput = {
  list: z.object({ items: z.array(activityItemSchema), nextCursor: z.number().nullable() }),
  live: trackedStreamOf(activityItemSchema),
};
