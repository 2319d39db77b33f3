import 'server-only';
import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { reviewRequests, runReviews, runs, splits, users } from '@/db/schema';
import { recordActivity } from '@/server/shared/activity/record';
import { roleAtLeast } from '@/server/shared/auth/permissions';
import { DomainError } from '../../shared/errors';
import { insertComment } from './comments';
import { notifyUsers } from '../../shared/collaboration/notify-users';
import { loadRun, reviewerIds, type Actor } from './run-access';

export type Verdict = 'approved' | 'changes_requested';

export interface VerdictDto {
  reviewerId: string | null;
  reviewerName: string | null;
  verdict: Verdict;
  commentId: string | null;
  createdAt: Date;
  /** Given before the author last asked for review: it may no longer apply. */
  stale: boolean;
}

/** Each reviewer's latest verdict, newest first. */
export async function currentVerdicts(db: Database, teamId: string, runId: string): Promise<VerdictDto[]> {
  const run = await loadRun(db, teamId, runId);
  const rows = await db
    .selectDistinctOn([runReviews.reviewerId], {
      reviewerId: runReviews.reviewerId,
      reviewerName: users.name,
      verdict: runReviews.verdict,
      commentId: runReviews.commentId,
      createdAt: runReviews.createdAt,
    })
    .from(runReviews)
    .leftJoin(users, eq(users.id, runReviews.reviewerId))
    .where(and(eq(runReviews.runId, runId), eq(runReviews.teamId, teamId), isNotNull(runReviews.reviewerId)))
    .orderBy(asc(runReviews.reviewerId), desc(runReviews.createdAt), desc(runReviews.id));
  return rows
    .map((r) => ({ ...r, stale: run.readyForReviewAt !== null && r.createdAt < run.readyForReviewAt }))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/**
 * A teammate's verdict, with an optional comment (required when asking for changes: the
 * author needs to know what to change). The author is told; the feed records it.
 */
export async function submitReview(
  db: Database,
  userId: string,
  teamId: string,
  input: { runId: string; verdict: Verdict; body?: string | null },
): Promise<{ id: string; verdict: Verdict; commentId: string | null; createdAt: Date }> {
  const body = input.body ?? '';
  if (input.verdict === 'changes_requested' && !body.trim()) {
    throw new DomainError('BAD_INPUT', 'Say what should change: requesting changes needs a comment.');
  }
  return db.transaction(async (tx) => {
    const run = await loadRun(tx, teamId, input.runId);
    if (run.createdBy === userId) throw new DomainError('FORBIDDEN', "You can't review your own run; ask a teammate.");
    const kind = input.verdict === 'approved' ? 'review.approved' : 'review.changes_requested';
    const [review] = await tx
      .insert(runReviews)
      .values({ teamId, runId: run.id, reviewerId: userId, verdict: input.verdict })
      .returning({ id: runReviews.id, verdict: runReviews.verdict, createdAt: runReviews.createdAt });
    let commentId: string | null = null;
    const activityPayload = { runNumber: run.number, verdict: input.verdict, reviewId: review!.id } as Record<string, unknown>;
    if (body.trim()) {
      // The feed entry is the review's, so the comment records none of its own.
      commentId = await insertComment(tx, run, { authorId: userId, body }, { record: false, activityId: null });
      await tx.update(runReviews).set({ commentId }).where(eq(runReviews.id, review!.id));
      activityPayload.commentId = commentId;
    }
    const activityId = await recordActivity(tx, { teamId, actorId: userId, kind, runId: run.id, splitId: run.splitId, payload: activityPayload });
    if (run.createdBy) {
      await notifyUsers(tx, { teamId, userIds: [run.createdBy], kind: 'review.given', runId: run.id, activityId, payload: activityPayload });
    }
    return { id: review!.id, verdict: review!.verdict, commentId, createdAt: review!.createdAt };
  });
}

/**
 * The author asks for review (or withdraws the request), of the whole team or of teammates by
 * name: only those are notified, and the run heads their queue as "asked you" (anyone may still
 * review it). Asking again after changes moves the timestamp, so earlier verdicts become stale and
 * the run is back in the queue.
 */
export async function setReadyForReview(
  db: Database,
  userId: string,
  teamId: string,
  input: { runId: string; ready: boolean; reviewerIds?: string[] },
): Promise<{ readyForReviewAt: Date | null }> {
  return db.transaction(async (tx) => {
    const run = await loadRun(tx, teamId, input.runId);
    if (run.createdBy !== userId) throw new DomainError('FORBIDDEN', `Only the person who launched run #${run.number} can ask for its review.`);
    await tx.delete(reviewRequests).where(eq(reviewRequests.runId, run.id));
    if (!input.ready) {
      await tx.update(runs).set({ readyForReviewAt: null }).where(eq(runs.id, run.id));
      return { readyForReviewAt: null };
    }
    const others = (await reviewerIds(tx, teamId)).filter((id) => id !== userId);
    const asked = [...new Set(input.reviewerIds ?? [])];
    for (const id of asked) {
      if (id === userId) throw new DomainError('BAD_INPUT', 'reviewerIds: you cannot review your own run; ask a teammate.');
      if (!others.includes(id)) throw new DomainError('BAD_INPUT', 'reviewerIds: one of the people asked is not a member of this team who can review (viewers cannot).');
    }
    const [row] = await tx.update(runs).set({ readyForReviewAt: sql`now()` }).where(eq(runs.id, run.id)).returning({ readyForReviewAt: runs.readyForReviewAt });
    if (asked.length) await tx.insert(reviewRequests).values(asked.map((reviewerId) => ({ runId: run.id, reviewerId, teamId })));
    const askedNames = asked.length ? (await tx.select({ name: users.name }).from(users).where(inArray(users.id, asked))).map((u) => u.name) : [];
    const payload = { runNumber: run.number, ...(askedNames.length ? { askedNames } : {}) };
    const activityId = await recordActivity(tx, { teamId, actorId: userId, kind: 'run.ready_for_review', runId: run.id, splitId: run.splitId, payload });
    await notifyUsers(tx, { teamId, userIds: asked.length ? asked : others, kind: 'review.requested', runId: run.id, activityId, payload });
    return { readyForReviewAt: row!.readyForReviewAt };
  });
}

/** What both review lists show of a run (join splits). */
const reviewRunColumns = {
  runId: runs.id,
  number: runs.number,
  status: runs.status,
  splitId: runs.splitId,
  splitName: splits.name,
  readyForReviewAt: runs.readyForReviewAt,
};

/**
 * Runs by others that are ready for review and that I have not reviewed since they were last
 * marked ready. Kept deliberately simple: "since the last ready request", not "since the last
 * change", because the author re-asking is the signal that something changed. Viewers can't
 * review, so their queue is empty.
 */
export async function runsAwaitingMyReview(db: Database, actor: Actor, teamId: string, limit: number) {
  if (!roleAtLeast(actor.role, 'member')) return [];
  return db
    .select({
      ...reviewRunColumns,
      authorId: runs.createdBy,
      authorName: users.name,
      askedMe: sql<boolean>`exists (select 1 from ${reviewRequests} q where q.run_id = ${runs.id} and q.reviewer_id = ${actor.userId})`,
    })
    .from(runs)
    .innerJoin(splits, eq(splits.id, runs.splitId))
    .leftJoin(users, eq(users.id, runs.createdBy))
    .where(
      and(
        eq(runs.teamId, teamId),
        isNotNull(runs.readyForReviewAt),
        or(isNull(runs.createdBy), ne(runs.createdBy, actor.userId)),
        sql`NOT EXISTS (SELECT 1 FROM ${runReviews} WHERE ${runReviews.runId} = ${runs.id} AND ${runReviews.reviewerId} = ${actor.userId} AND ${runReviews.createdAt} >= ${runs.readyForReviewAt})`,
      ),
    )
    // Runs the author asked me for by name come first.
    .orderBy(desc(sql`exists (select 1 from ${reviewRequests} q where q.run_id = ${runs.id} and q.reviewer_id = ${actor.userId})`), asc(runs.readyForReviewAt), asc(runs.id))
    .limit(limit);
}

/**
 * How many reviewers' latest verdict on a run (given since it was last marked ready) is `verdict`:
 * a SQL column for any query over runs (the runs table shows it too).
 */
export function verdictsSinceReady(verdict: 'approved' | 'changes_requested') {
  const latest = sql`(SELECT DISTINCT ON (r.reviewer_id) r.verdict FROM ${runReviews} r WHERE r.run_id = ${runs.id} AND r.created_at >= ${runs.readyForReviewAt} ORDER BY r.reviewer_id, r.created_at DESC)`;
  return sql<number>`(SELECT count(*)::int FROM ${latest} v WHERE v.verdict = ${verdict})`;
}

/**
 * My runs that asked for review, with where each stands: the current verdicts given since it was
 * last marked ready (a reviewer's latest counts). Changes requested first, then the oldest request.
 */
export async function myRunsUnderReview(db: Database, actor: Actor, teamId: string, limit: number) {
  const rows = await db
    .select({
      ...reviewRunColumns,
      approvals: verdictsSinceReady('approved'),
      changesRequested: verdictsSinceReady('changes_requested'),
      askedNames: sql<string[]>`coalesce((select array_agg(u.name order by u.name) from ${reviewRequests} q join ${users} u on u.id = q.reviewer_id where q.run_id = ${runs.id}), '{}')`,
    })
    .from(runs)
    .innerJoin(splits, eq(splits.id, runs.splitId))
    .where(and(eq(runs.teamId, teamId), eq(runs.createdBy, actor.userId), isNotNull(runs.readyForReviewAt)))
    .orderBy(asc(runs.readyForReviewAt), asc(runs.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, approvals: Number(r.approvals), changesRequested: Number(r.changesRequested) })).sort((a, b) => Number(b.changesRequested > 0) - Number(a.changesRequested > 0));
}
