import 'server-only';
import { tracked } from '@trpc/server';
import { z } from 'zod';
import { ACTIVITY_KINDS } from '@/server/shared/activity/record';
import { activitySince, latestActivityId, listActivity } from '@/server/domain/collaboration/activity-feed';
import { nextEvent } from '@/server/shared/events/listen-hub';
import { guardedStream } from '../guarded-stream';
import { idSchema } from '@/server/shared/ids';
import { activityOutput } from '../outputs/activity';
import { createTRPCRouter, teamProcedure } from '../trpc';

/** A slow re-read catches a missed NOTIFY. */
const RECHECK_MS = 10_000;

export const activityRouter = createTRPCRouter({
  list: teamProcedure('team.read')
    .input(
      z.object({
        actorId: idSchema('actorId').optional(),
        kinds: z.array(z.enum(ACTIVITY_KINDS)).max(ACTIVITY_KINDS.length).optional(),
        cursor: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullish(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .output(activityOutput.list)
    .query(({ ctx, input }) => listActivity(ctx.db, ctx.team.id, { ...input, cursor: input.cursor ?? undefined })),
  /**
   * New feed entries as they happen, each tracked by its id: a reconnecting client sends the
   * last one back and gets what it missed. Without `lastEventId` it starts from now.
   */
  live: teamProcedure('team.read')
    .input(z.object({ lastEventId: z.string().regex(/^\d+$/).nullish() }))
    .output(activityOutput.live)
    .subscription(async ({ ctx, input, signal }) => {
      let last = input.lastEventId ? Number(input.lastEventId) : await latestActivityId(ctx.db, ctx.team.id);
      const hub = await ctx.services.events();
      return guardedStream(ctx, ctx.team.id, 'team.read', signal, async function* (stop) {
        while (!stop.aborted) {
          // Listen before reading, so an event committed in between still wakes the next read.
          const changed = nextEvent(hub, 'activity', (notice) => notice.teamId === ctx.team.id, RECHECK_MS, stop);
          for (const item of await activitySince(ctx.db, ctx.team.id, last)) {
            last = item.id;
            yield tracked(String(item.id), item);
          }
          await changed;
        }
      });
    }),
});
