'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { can } from '@/server/shared/auth/permissions';
import { Badge } from '@/app/components/ui/badge';
import { Card } from '@/app/components/ui/card';
import { FormError } from '@/app/components/ui/field';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import type { RouterOutputs } from '@/app/lib/router-types';
import { relativeTime } from '@/app/lib/relative-time';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { CommentComposer } from './comment-composer';
import { MarkdownView } from './markdown-view';

type Thread = RouterOutputs['collaboration']['comments'][number];
type Comment = Omit<Thread, 'replies'>;

/** Refetches everything the run's collaboration panels show. */
export function useInvalidateCollaboration() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: trpc.collaboration.comments.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.collaboration.run.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.collaboration.awaitingMyReview.pathKey() });
  };
}

/** Threaded Markdown comments on a run (one level of replies), newest activity live. */
export function RunDiscussion({ runId }: { runId: string }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const comments = useQuery(trpc.collaboration.comments.queryOptions({ teamId: team.id, runId }));
  const invalidate = useInvalidateCollaboration();
  const post = useMutation(trpc.collaboration.postComment.mutationOptions({ onSuccess: invalidate }));
  const mayComment = can(team.role, 'comment.create');
  const count = (comments.data ?? []).reduce((n, t) => n + (t.deleted ? 0 : 1) + t.replies.length, 0);

  return (
    <Card title="Discussion" description={count ? `${count} ${count === 1 ? 'comment' : 'comments'}` : undefined}>
      <div className="space-y-5">
        {comments.isError && <FormError message={errorMessage(comments.error)} />}
        {comments.isPending && <p className="text-sm text-slate-500">Loading comments…</p>}
        {comments.data?.length === 0 && <p className="text-sm text-slate-500">No comments yet.{mayComment ? ' Ask a question, or say what you would try next.' : ''}</p>}
        {comments.data && comments.data.length > 0 && (
          <ol className="space-y-4" aria-label="Comments">
            {comments.data.map((thread) => (
              <ThreadView key={thread.id} thread={thread} runId={runId} mayComment={mayComment} />
            ))}
          </ol>
        )}
        {mayComment && (
          <div className="border-t border-slate-100 pt-4">
            <CommentComposer
              teamId={team.id}
              label="Comment"
              submitLabel="Comment"
              pending={post.isPending}
              error={post.isError ? errorMessage(post.error) : null}
              onSubmit={(body) => post.mutateAsync({ teamId: team.id, runId, body }).then(() => true, () => false)}
            />
          </div>
        )}
      </div>
    </Card>
  );
}

function ThreadView({ thread, runId, mayComment }: { thread: Thread; runId: string; mayComment: boolean }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const invalidate = useInvalidateCollaboration();
  const [replying, setReplying] = useState(false);
  const reply = useMutation(trpc.collaboration.postComment.mutationOptions({ onSuccess: invalidate }));
  return (
    <li className="space-y-3">
      <CommentView comment={thread} />
      {thread.replies.length > 0 && (
        <ol className="ml-4 space-y-3 border-l-2 border-slate-100 pl-4" aria-label="Replies">
          {thread.replies.map((r) => (
            <li key={r.id}>
              <CommentView comment={r} />
            </li>
          ))}
        </ol>
      )}
      {mayComment && (
        <div className="ml-4 pl-4">
          {replying ? (
            <CommentComposer
              teamId={team.id}
              label="Reply"
              submitLabel="Reply"
              autoFocus
              pending={reply.isPending}
              error={reply.isError ? errorMessage(reply.error) : null}
              onCancel={() => setReplying(false)}
              onSubmit={(body) =>
                reply.mutateAsync({ teamId: team.id, runId, body, parentId: thread.id }).then(
                  () => (setReplying(false), true),
                  () => false,
                )
              }
            />
          ) : (
            <button type="button" className="text-xs font-medium text-slate-500 hover:text-indigo-700" onClick={() => setReplying(true)}>
              Reply
            </button>
          )}
        </div>
      )}
    </li>
  );
}

function CommentView({ comment }: { comment: Comment }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions());
  const invalidate = useInvalidateCollaboration();
  const [editing, setEditing] = useState(false);
  const edit = useMutation(trpc.collaboration.editComment.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.collaboration.deleteComment.mutationOptions({ onSuccess: invalidate }));
  const mine = comment.authorId !== null && comment.authorId === me.data?.id && !comment.deleted && can(team.role, 'comment.create');

  return (
    <article className="group" aria-label={`Comment by ${comment.authorName ?? 'a former member'}`}>
      <header className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
        <span className="text-sm font-medium text-slate-900">{comment.authorName ?? 'Former member'}</span>
        {comment.verdict === 'approved' && <Badge tone="green">approved</Badge>}
        {comment.verdict === 'changes_requested' && <Badge tone="amber">requested changes</Badge>}
        <time dateTime={new Date(comment.createdAt).toISOString()} title={new Date(comment.createdAt).toLocaleString()}>
          {relativeTime(new Date(comment.createdAt))}
        </time>
        {comment.editedAt && !comment.deleted && <span title={new Date(comment.editedAt).toLocaleString()}>· edited</span>}
        {mine && !editing && (
          <span className="ml-auto flex gap-2 opacity-70 group-hover:opacity-100">
            <button type="button" className="hover:text-indigo-700" onClick={() => setEditing(true)}>
              Edit
            </button>
            <button
              type="button"
              className="hover:text-red-700"
              onClick={() => {
                if (window.confirm('Delete this comment? Replies to it stay.')) remove.mutate({ teamId: team.id, commentId: comment.id });
              }}
            >
              Delete
            </button>
          </span>
        )}
      </header>
      <div className="mt-1">
        {comment.deleted ? (
          <p className="text-sm text-slate-400 italic">This comment was deleted.</p>
        ) : editing ? (
          <CommentComposer
            teamId={team.id}
            label="Edit comment"
            submitLabel="Save"
            autoFocus
            initial={comment.body ?? ''}
            pending={edit.isPending}
            error={edit.isError ? errorMessage(edit.error) : null}
            onCancel={() => setEditing(false)}
            onSubmit={(body) =>
              edit.mutateAsync({ teamId: team.id, commentId: comment.id, body }).then(
                () => (setEditing(false), true),
                () => false,
              )
            }
          />
        ) : (
          <MarkdownView source={comment.body ?? ''} />
        )}
        {remove.isError && <FormError message={errorMessage(remove.error)} />}
      </div>
    </article>
  );
}
