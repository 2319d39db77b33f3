import 'server-only';
import { z } from 'zod';
import { deleteComment, editComment, listComments, MAX_COMMENT_LENGTH, postComment } from '@/server/domain/collaboration/comments';
import { myRunsUnderReview, runsAwaitingMyReview, setReadyForReview, submitReview } from '@/server/domain/collaboration/reviews';
import { listTeamTags, MAX_NOTE_LENGTH, runCollaboration, runIdsMatching, setRunNote, setRunTags } from '@/server/domain/collaboration/run-meta';
import { MAX_TAGS_PER_RUN } from '@/server/domain/collaboration/tags';
import { idSchema } from '@/server/shared/ids';
import { collaborationOutput } from '../outputs/collaboration';
import { createTRPCRouter, teamProcedure } from '../trpc';

// Bodies are Markdown kept byte for byte: no trimming or transformation here either.
const body = z.string().max(MAX_COMMENT_LENGTH, `Keep comments to ${MAX_COMMENT_LENGTH} characters or fewer`);

/** Reviewing teammates' runs: comments, reviews, tags and notes. */
export const collaborationRouter = createTRPCRouter({
  /** Note, tags, review request and current verdicts: the panel beside a run. */
  run: teamProcedure('team.read')
    .input(z.object({ runId: idSchema('runId') }))
    .output(collaborationOutput.run)
    .query(({ ctx, input }) => runCollaboration(ctx.db, ctx.team.id, input.runId)),
  comments: teamProcedure('team.read')
    .input(z.object({ runId: idSchema('runId') }))
    .output(collaborationOutput.comments)
    .query(({ ctx, input }) => listComments(ctx.db, ctx.team.id, input.runId)),
  postComment: teamProcedure('comment.create')
    .input(z.object({ runId: idSchema('runId'), body, parentId: idSchema('parentId').nullish() }))
    .output(collaborationOutput.postComment)
    .mutation(({ ctx, input }) => postComment(ctx.db, ctx.userId, ctx.team.id, input)),
  editComment: teamProcedure('comment.create')
    .input(z.object({ commentId: idSchema('commentId'), body }))
    .output(collaborationOutput.editComment)
    .mutation(({ ctx, input }) => editComment(ctx.db, ctx.userId, ctx.team.id, input)),
  deleteComment: teamProcedure('comment.create')
    .input(z.object({ commentId: idSchema('commentId') }))
    .output(collaborationOutput.deleteComment)
    .mutation(async ({ ctx, input }) => {
      await deleteComment(ctx.db, ctx.userId, ctx.team.id, input.commentId);
      return { ok: true as const };
    }),
  review: teamProcedure('comment.create')
    .input(z.object({ runId: idSchema('runId'), verdict: z.enum(['approved', 'changes_requested']), body: body.nullish() }))
    .output(collaborationOutput.review)
    .mutation(({ ctx, input }) => submitReview(ctx.db, ctx.userId, ctx.team.id, input)),
  setReadyForReview: teamProcedure('run.create')
    .input(z.object({ runId: idSchema('runId'), ready: z.boolean(), reviewerIds: z.array(idSchema('reviewerIds[]')).max(20).optional() }))
    .output(collaborationOutput.setReadyForReview)
    .mutation(({ ctx, input }) => setReadyForReview(ctx.db, ctx.userId, ctx.team.id, input)),
  /** Runs by others, ready for review, that I have not reviewed since they were last marked ready. */
  awaitingMyReview: teamProcedure('team.read')
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }))
    .output(collaborationOutput.awaitingMyReview)
    .query(({ ctx, input }) => runsAwaitingMyReview(ctx.db, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input.limit)),
  /** My runs that asked for review, and where each stands (changes requested first). */
  myRunsUnderReview: teamProcedure('team.read')
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }))
    .output(collaborationOutput.myRunsUnderReview)
    .query(({ ctx, input }) => myRunsUnderReview(ctx.db, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input.limit)),
  setTags: teamProcedure('comment.create')
    .input(z.object({ runId: idSchema('runId'), tags: z.array(z.string().max(64)).max(MAX_TAGS_PER_RUN * 2) }))
    .output(collaborationOutput.setTags)
    .mutation(({ ctx, input }) => setRunTags(ctx.db, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input)),
  setNote: teamProcedure('comment.create')
    .input(z.object({ runId: idSchema('runId'), note: z.string().max(MAX_NOTE_LENGTH, `Keep notes to ${MAX_NOTE_LENGTH} characters or fewer`) }))
    .output(collaborationOutput.setNote)
    .mutation(({ ctx, input }) => setRunNote(ctx.db, { userId: ctx.userId, role: ctx.role }, ctx.team.id, input)),
  /** The team's tags with how many runs carry each, most used first. */
  tags: teamProcedure('team.read').output(collaborationOutput.tags).query(({ ctx }) => listTeamTags(ctx.db, ctx.team.id)),
  /** Ids of runs with this tag and/or whose note contains `q` (case-insensitive), newest first. */
  findRuns: teamProcedure('team.read')
    .input(z.object({ tag: z.string().max(32).optional(), q: z.string().max(200).optional(), limit: z.number().int().min(1).max(1000).default(1000) }))
    .output(collaborationOutput.findRuns)
    .query(async ({ ctx, input }) => ({ runIds: await runIdsMatching(ctx.db, ctx.team.id, { tag: input.tag, q: input.q }, input.limit) })),
});
