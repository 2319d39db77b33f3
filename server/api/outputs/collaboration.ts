import 'server-only';
import { z } from 'zod';
import { okSchema } from './common';
import { RUN_STATUSES } from '@/server/shared/runs/run-status';

const verdictKindSchema = z.enum(['approved', 'changes_requested']);
const verdictSchema = z.object({
  reviewerId: z.string().nullable(),
  reviewerName: z.string().nullable(),
  verdict: verdictKindSchema,
  commentId: z.string().nullable(),
  createdAt: z.date(),
  stale: z.boolean(),
});
const commentSchema = z.object({
  id: z.string(),
  runId: z.string(),
  parentId: z.string().nullable(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  body: z.string().nullable(),
  deleted: z.boolean(),
  verdict: verdictKindSchema.nullable(),
  createdAt: z.date(),
  editedAt: z.date().nullable(),
});
/** A top-level comment with its replies, oldest first. */
const commentThreadSchema = commentSchema.extend({ replies: z.array(commentSchema) });

/** What each `collaboration.*` procedure returns: the shape that leaves the server, checked on the way out. */
/** A run as both review lists show it. */
const reviewRunSchema = z.object({
  runId: z.string(),
  number: z.number(),
  status: z.enum(RUN_STATUSES),
  splitId: z.string(),
  splitName: z.string(),
  readyForReviewAt: z.date().nullable(),
});

export const collaborationOutput = {
  run: z.object({
    runId: z.string(),
    number: z.number(),
    authorId: z.string().nullable(),
    note: z.string(),
    tags: z.array(z.string()),
    readyForReviewAt: z.date().nullable(),
    verdicts: z.array(verdictSchema),
  }),
  comments: z.array(commentThreadSchema),
  postComment: commentSchema,
  editComment: commentSchema,
  deleteComment: okSchema,
  review: z.object({ id: z.string(), verdict: verdictKindSchema, commentId: z.string().nullable(), createdAt: z.date() }),
  setReadyForReview: z.object({ readyForReviewAt: z.date().nullable() }),
  awaitingMyReview: z.array(reviewRunSchema.extend({ authorId: z.string().nullable(), authorName: z.string().nullable(), askedMe: z.boolean() })),
  myRunsUnderReview: z.array(reviewRunSchema.extend({ approvals: z.number(), changesRequested: z.number(), askedNames: z.array(z.string()) })),
  setTags: z.object({ tags: z.array(z.string()) }),
  setNote: z.object({ note: z.string() }),
  tags: z.array(z.object({ tag: z.string(), count: z.number() })),
  findRuns: z.object({ runIds: z.array(z.string()) }),
};
