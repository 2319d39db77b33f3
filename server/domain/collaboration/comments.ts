import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { runComments, runReviews, users } from '@/db/schema';
import { recordActivity } from '@/server/shared/activity/record';
import { DomainError } from '../../shared/errors';
import { resolveMentions } from './mentions';
import { notifyUsers } from '../../shared/collaboration/notify-users';
import { loadRun, mentionCandidates, type CollaborationRun } from './run-access';

export const MAX_COMMENT_LENGTH = 20_000;

export interface CommentDto {
  id: string;
  runId: string;
  /** The thread's first comment; null for a thread's first comment itself. */
  parentId: string | null;
  authorId: string | null;
  authorName: string | null;
  /** Markdown exactly as written; null once deleted. */
  body: string | null;
  deleted: boolean;
  /** Set when this comment carries a review verdict. */
  verdict: 'approved' | 'changes_requested' | null;
  createdAt: Date;
  editedAt: Date | null;
}

export interface CommentThread extends CommentDto {
  replies: CommentDto[];
}

const commentColumns = {
  id: runComments.id,
  runId: runComments.runId,
  parentId: runComments.parentId,
  authorId: runComments.authorId,
  authorName: users.name,
  body: runComments.body,
  deletedAt: runComments.deletedAt,
  verdict: runReviews.verdict,
  createdAt: runComments.createdAt,
  editedAt: runComments.editedAt,
};

function toDto(row: { deletedAt: Date | null; body: string } & Omit<CommentDto, 'body' | 'deleted'>): CommentDto {
  const { deletedAt, body, ...rest } = row;
  return { ...rest, body: deletedAt ? null : body, deleted: deletedAt !== null };
}

function selectComments(db: Database) {
  return db
    .select(commentColumns)
    .from(runComments)
    .leftJoin(users, eq(users.id, runComments.authorId))
    .leftJoin(runReviews, eq(runReviews.commentId, runComments.id));
}

/** Threads oldest first, replies oldest first; a deleted comment stays only while it has replies. */
export async function listComments(db: Database, teamId: string, runId: string): Promise<CommentThread[]> {
  await loadRun(db, teamId, runId);
  const rows = (await selectComments(db)
    .where(and(eq(runComments.runId, runId), eq(runComments.teamId, teamId)))
    .orderBy(asc(runComments.createdAt), asc(runComments.id))).map(toDto);
  const replies = new Map<string, CommentDto[]>();
  for (const row of rows) {
    if (!row.parentId || row.deleted) continue;
    replies.set(row.parentId, [...(replies.get(row.parentId) ?? []), row]);
  }
  return rows
    .filter((row) => !row.parentId)
    .map((row) => ({ ...row, replies: replies.get(row.id) ?? [] }))
    .filter((thread) => !thread.deleted || thread.replies.length > 0);
}

async function getComment(db: Database, teamId: string, commentId: string): Promise<CommentDto> {
  const [row] = await selectComments(db).where(and(eq(runComments.id, commentId), eq(runComments.teamId, teamId)));
  if (!row) throw new DomainError('NOT_FOUND', 'No such comment in this team.');
  return toDto(row);
}

export function assertCommentBody(body: string): void {
  if (!body.trim()) throw new DomainError('BAD_INPUT', 'Write something before posting.');
  if (body.length > MAX_COMMENT_LENGTH) throw new DomainError('BAD_INPUT', `Keep comments to ${MAX_COMMENT_LENGTH.toLocaleString('en')} characters or fewer.`);
}

/** Mentioned members other than the author, minus anyone `except` (already told). */
async function notifyMentions(
  tx: Database,
  run: CollaborationRun,
  comment: { id: string; body: string; authorId: string },
  activityId: number | null,
  except: readonly string[] = [],
): Promise<string[]> {
  const mentioned = resolveMentions(comment.body, await mentionCandidates(tx, run.teamId)).filter((id) => id !== comment.authorId && !except.includes(id));
  await notifyUsers(tx, { teamId: run.teamId, userIds: mentioned, kind: 'mention', runId: run.id, activityId, payload: { runNumber: run.number, commentId: comment.id } });
  return mentioned;
}

/**
 * Inserts a comment in the caller's transaction and notifies its mentions. The body is stored
 * byte for byte: Markdown is rendered by the UI with HTML disabled, never sanitized here.
 * `activity: false` when the caller records its own feed entry (a review).
 */
export async function insertComment(
  tx: Database,
  run: CollaborationRun,
  input: { authorId: string; body: string; parentId?: string | null },
  activity: { record: true } | { record: false; activityId: number | null } = { record: true },
): Promise<string> {
  assertCommentBody(input.body);
  let parentId: string | null = null;
  if (input.parentId) {
    const [parent] = await tx
      .select({ id: runComments.id, parentId: runComments.parentId })
      .from(runComments)
      .where(and(eq(runComments.id, input.parentId), eq(runComments.runId, run.id), eq(runComments.teamId, run.teamId)));
    if (!parent) throw new DomainError('NOT_FOUND', 'The comment you are replying to is not on this run.');
    // Threads are one level deep: a reply to a reply joins the same thread.
    parentId = parent.parentId ?? parent.id;
  }
  const [row] = await tx
    .insert(runComments)
    .values({ teamId: run.teamId, runId: run.id, authorId: input.authorId, parentId, body: input.body })
    .returning({ id: runComments.id });
  const activityId = activity.record
    ? await recordActivity(tx, {
        teamId: run.teamId,
        actorId: input.authorId,
        kind: 'comment.posted',
        runId: run.id,
        splitId: run.splitId,
        payload: { runNumber: run.number, commentId: row!.id, reply: parentId !== null },
      })
    : activity.activityId;
  await notifyMentions(tx, run, { id: row!.id, body: input.body, authorId: input.authorId }, activityId);
  return row!.id;
}

export async function postComment(db: Database, userId: string, teamId: string, input: { runId: string; body: string; parentId?: string | null }): Promise<CommentDto> {
  const id = await db.transaction(async (tx) => {
    const run = await loadRun(tx, teamId, input.runId);
    return insertComment(tx, run, { authorId: userId, body: input.body, parentId: input.parentId });
  });
  return getComment(db, teamId, id);
}

async function lockOwnComment(tx: Database, userId: string, teamId: string, commentId: string, verb: string) {
  const [row] = await tx
    .select({ id: runComments.id, runId: runComments.runId, authorId: runComments.authorId, body: runComments.body, deletedAt: runComments.deletedAt })
    .from(runComments)
    .where(and(eq(runComments.id, commentId), eq(runComments.teamId, teamId)))
    .for('update');
  if (!row) throw new DomainError('NOT_FOUND', 'No such comment in this team.');
  if (row.authorId !== userId) throw new DomainError('FORBIDDEN', `You can ${verb} only your own comments.`);
  if (row.deletedAt) throw new DomainError('PRECONDITION_FAILED', 'This comment was deleted.');
  return row;
}

/** Only the author edits; people newly @mentioned by the edit are notified, the others not again. */
export async function editComment(db: Database, userId: string, teamId: string, input: { commentId: string; body: string }): Promise<CommentDto> {
  assertCommentBody(input.body);
  await db.transaction(async (tx) => {
    const comment = await lockOwnComment(tx, userId, teamId, input.commentId, 'edit');
    if (comment.body === input.body) return;
    await tx.update(runComments).set({ body: input.body, editedAt: sql`now()` }).where(eq(runComments.id, comment.id));
    const run = await loadRun(tx, teamId, comment.runId);
    const before = resolveMentions(comment.body, await mentionCandidates(tx, teamId));
    await notifyMentions(tx, run, { id: comment.id, body: input.body, authorId: userId }, null, before);
  });
  return getComment(db, teamId, input.commentId);
}

/** Soft delete: the text is erased, the row stays so replies keep their thread. */
export async function deleteComment(db: Database, userId: string, teamId: string, commentId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const comment = await lockOwnComment(tx, userId, teamId, commentId, 'delete');
    await tx.update(runComments).set({ body: '', deletedAt: sql`now()` }).where(eq(runComments.id, comment.id));
  });
}
