import 'server-only';
import { tracked } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { datasetVersions, splits } from '@/db/schema';
import { cancelRun } from '@/server/domain/runs/cancel';
import { deleteRun, setRunArchived } from '@/server/domain/runs/archive';
import { setRunName } from '@/server/domain/collaboration/run-meta';
import { MAX_RUN_NAME_LENGTH } from '@/server/shared/runs/run-name';
import { compareCurves, MAX_COMPARE_RUNS, packCurves } from '@/server/domain/runs/compare';
import { devDisagreements } from '@/server/domain/runs/disagreements';
import { launchRun } from '@/server/domain/runs/launch';
import { defaultModelConfig } from '@/server/shared/runs/model-config';
import { assertRunInTeam, getRun, listEpochs, listLogs, listRuns, matchingRunIds } from '@/server/domain/runs/queries';
import { runViewSchema } from '@/server/shared/runs/run-view';
import { listWorkers } from '@/server/shared/runs/workers-registry';
import { DomainError } from '@/server/shared/errors';
import { eventStream, nextEvent } from '@/server/shared/events/listen-hub';
import { guardedStream } from '../guarded-stream';
import { idSchema } from '@/server/shared/ids';
import { runOutput } from '../outputs/run';
import { createTRPCRouter, teamProcedure } from '../trpc';

/** Subscriptions re-read on this timer even without NOTIFY: the polling fallback. */
const FALLBACK_POLL_MS = 5_000;

export const runRouter = createTRPCRouter({
  defaults: teamProcedure('team.read')
    .input(z.object({ splitId: idSchema('splitId') }))
    .output(runOutput.defaults)
    .query(async ({ ctx, input }) => {
      const [split] = await ctx.db
        .select({ taskKind: datasetVersions.taskKind })
        .from(splits)
        .innerJoin(datasetVersions, eq(datasetVersions.id, splits.datasetVersionId))
        .where(and(eq(splits.id, input.splitId), eq(splits.teamId, ctx.team.id)));
      if (!split) throw new DomainError('NOT_FOUND', 'No such split in this team.');
      return { taskKind: split.taskKind, config: defaultModelConfig(split.taskKind) };
    }),
  launch: teamProcedure('run.create')
    .input(z.object({ splitId: idSchema('splitId'), config: z.unknown() }))
    .output(runOutput.launch)
    .mutation(async ({ ctx, input }) =>
      launchRun(ctx.db, await ctx.services.boss(), { teamId: ctx.team.id, userId: ctx.userId, splitId: input.splitId, config: input.config }),
    ),
  list: teamProcedure('team.read')
    .input(
      runViewSchema
        .extend({
          runIds: z.array(idSchema('runIds[]')).max(MAX_COMPARE_RUNS).optional(),
          // { createdAt, id } for the default newest-first order; { value, id } for the other sorts.
          cursor: z.object({ id: idSchema('cursor.id'), createdAt: z.date().optional(), value: z.number().nullable().optional() }).nullish(),
          limit: z.number().int().min(1).max(MAX_COMPARE_RUNS).default(50),
        })
        .refine((i) => i.limit <= 200 || i.runIds !== undefined, { message: 'At most 200 runs per page', path: ['limit'] }),
    )
    .output(runOutput.list)
    .query(({ ctx, input }) => listRuns(ctx.db, ctx.team.id, { ...input, cursor: input.cursor ?? undefined })),
  /** Every run a runs-table view matches, as ids in its order (the first MAX_COMPARE_RUNS), and how many match. */
  matchingIds: teamProcedure('team.read')
    .input(runViewSchema)
    .output(runOutput.matchingIds)
    .query(({ ctx, input }) => matchingRunIds(ctx.db, ctx.team.id, input, MAX_COMPARE_RUNS)),
  get: teamProcedure('team.read')
    .input(z.object({ runId: idSchema('runId') }))
    .output(runOutput.get)
    .query(({ ctx, input }) => getRun(ctx.db, ctx.team.id, input.runId)),
  epochs: teamProcedure('team.read')
    .input(z.object({ runId: idSchema('runId'), afterEpoch: z.number().int().min(0).max(2_147_483_647).default(0) }))
    .output(runOutput.epochs)
    .query(({ ctx, input }) => listEpochs(ctx.db, ctx.team.id, input.runId, input.afterEpoch)),
  logs: teamProcedure('team.read')
    .input(z.object({ runId: idSchema('runId'), afterId: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0) }))
    .output(runOutput.logs)
    .query(({ ctx, input }) => listLogs(ctx.db, ctx.team.id, input.runId, input.afterId)),
  /** Gives the run a name (blank: back to its default, built from its config). */
  rename: teamProcedure('run.create')
    .input(z.object({ runId: idSchema('runId'), name: z.string().max(MAX_RUN_NAME_LENGTH, `name: keep run names to ${MAX_RUN_NAME_LENGTH} characters or fewer`) }))
    .output(runOutput.rename)
    .mutation(async ({ ctx, input }) => {
      await setRunName(ctx.db, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input);
      return { ok: true as const };
    }),
  cancel: teamProcedure('run.create')
    .input(z.object({ runId: idSchema('runId') }))
    .output(runOutput.cancel)
    .mutation(async ({ ctx, input }) => {
      await cancelRun(ctx.db, await ctx.services.boss(), { userId: ctx.userId, role: ctx.role }, ctx.team.id, input.runId);
      return { ok: true as const };
    }),
  /** Archived runs leave the runs table and the leaderboard; everything about them is kept. */
  setArchived: teamProcedure('run.create')
    .input(z.object({ runId: idSchema('runId'), archived: z.boolean() }))
    .output(runOutput.setArchived)
    .mutation(async ({ ctx, input }) => {
      await setRunArchived(ctx.db, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input.runId, input.archived);
      return { ok: true as const };
    }),
  /** Deletes a finished run nothing depends on (no test evaluation, not a sweep trial). */
  delete: teamProcedure('run.create')
    .input(z.object({ runId: idSchema('runId') }))
    .output(runOutput.delete)
    .mutation(async ({ ctx, input }) => {
      await deleteRun(ctx.db, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input.runId);
      return { ok: true as const };
    }),
  /**
   * Live progress of one run: its state, then every new epoch and log line as they are
   * recorded. Each message is tracked by "epoch:logId", so a client that reconnects sends
   * the last one back and resumes without gaps or repeats.
   */
  watch: teamProcedure('team.read')
    .input(z.object({ runId: idSchema('runId'), lastEventId: z.string().regex(/^\d+:\d+$/).nullish() }))
    .output(runOutput.watch)
    .subscription(async ({ ctx, input, signal }) => {
      // Checked before the stream opens, so another team's run is a plain NOT_FOUND.
      await assertRunInTeam(ctx.db, ctx.team.id, input.runId);
      const hub = await ctx.services.events();
      return guardedStream(ctx, ctx.team.id, 'team.read', signal, async function* (stop) {
        let [lastEpoch, lastLogId] = (input.lastEventId ?? '0:0').split(':').map(Number) as [number, number];
        while (!stop.aborted) {
          const changed = nextEvent(hub, 'runs', (e) => e.runId === input.runId, FALLBACK_POLL_MS, stop);
          const [run, epochs, logs] = await Promise.all([
            getRun(ctx.db, ctx.team.id, input.runId),
            listEpochs(ctx.db, ctx.team.id, input.runId, lastEpoch),
            listLogs(ctx.db, ctx.team.id, input.runId, lastLogId),
          ]);
          lastEpoch = epochs.at(-1)?.epoch ?? lastEpoch;
          lastLogId = logs.at(-1)?.id ?? lastLogId;
          yield tracked(`${lastEpoch}:${lastLogId}`, { run, epochs, logs });
          if (run.status !== 'queued' && run.status !== 'running') return;
          await changed;
        }
      });
    }),
  /** Status changes and finished epochs of the team's runs: the runs list, dashboard and workers page refresh on them. */
  teamChanges: teamProcedure('team.read').output(runOutput.teamChanges).subscription(async ({ ctx, signal }) => {
    const hub = await ctx.services.events();
    return guardedStream(ctx, ctx.team.id, 'team.read', signal, async function* (stop) {
      for await (const event of eventStream(hub, 'runs', (e) => e.teamId === ctx.team.id && e.kind !== 'log', stop)) {
        yield { runId: event.runId, kind: event.kind };
      }
    });
  }),
  workers: teamProcedure('team.read').output(runOutput.workers).query(({ ctx }) => listWorkers(ctx.db, ctx.team.id)),
  /** Learning curves of any number of runs, as columns, for the compare view. */
  compare: teamProcedure('team.read')
    .input(z.object({ runIds: z.array(idSchema('runIds[]')).max(MAX_COMPARE_RUNS).default([]) }))
    .output(runOutput.compare)
    .query(async ({ ctx, input }) => packCurves(await compareCurves(ctx.db, ctx.team.id, input.runIds))),
  /** Dev rows two classification runs disagree on, with features and the true label. */
  disagreements: teamProcedure('team.read')
    .input(z.object({ runAId: idSchema('runAId'), runBId: idSchema('runBId'), limit: z.number().int().min(1).max(1000).default(200) }))
    .output(runOutput.disagreements)
    .query(({ ctx, input }) => devDisagreements(ctx.db, ctx.services.blobs, ctx.team.id, input.runAId, input.runBId, input.limit)),
});
