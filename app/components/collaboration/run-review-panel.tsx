'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { can, mayChangeRun } from '@/server/shared/auth/permissions';
import { useActivityLive, type ActivityItem } from '@/app/components/activity/use-activity-live';
import { Button } from '@/app/components/ui/button';
import { CONTROL, FormError } from '@/app/components/ui/field';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import type { RouterOutputs } from '@/app/lib/router-types';
import { relativeTime } from '@/app/lib/relative-time';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { MarkdownView } from './markdown-view';
import { useInvalidateCollaboration } from './run-discussion';

type Collaboration = RouterOutputs['collaboration']['run'];

const HEADING = 'text-xs font-semibold tracking-wide text-slate-500 uppercase';

/**
 * Beside a run's curves: the idea being tested, tags, the review request and each reviewer's
 * verdict, and the review buttons for teammates. Stays live through the team's activity feed.
 */
export function RunReviewPanel({ runId }: { runId: string }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions());
  const collab = useQuery(trpc.collaboration.run.queryOptions({ teamId: team.id, runId }));
  const invalidate = useInvalidateCollaboration();
  const onItem = useCallback((item: ActivityItem) => {
    if (item.runId === runId) invalidate();
  }, [runId, invalidate]);
  useActivityLive(team.id, onItem);

  if (collab.isError) return <FormError message={errorMessage(collab.error)} />;
  if (!collab.data || !me.data) return <aside className="text-sm text-slate-500">Loading review…</aside>;
  const data = collab.data;
  const isAuthor = data.authorId !== null && data.authorId === me.data.id;
  const mayEdit = can(team.role, 'comment.create') && mayChangeRun({ userId: me.data.id, role: team.role }, data.authorId);

  return (
    <aside aria-label="Review" className="space-y-5 rounded-lg bg-white px-5 py-4 shadow-sm ring-1 ring-slate-200">
      <NoteSection data={data} mayEdit={mayEdit} />
      <TagsSection data={data} mayEdit={mayEdit} />
      <ReviewSection data={data} isAuthor={isAuthor} mayReview={!isAuthor && can(team.role, 'comment.create')} mayAsk={isAuthor && can(team.role, 'run.create')} />
    </aside>
  );
}

function NoteSection({ data, mayEdit }: { data: Collaboration; mayEdit: boolean }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const invalidate = useInvalidateCollaboration();
  const [draft, setDraft] = useState<string | null>(null);
  const save = useMutation(trpc.collaboration.setNote.mutationOptions({ onSuccess: () => (setDraft(null), invalidate()) }));
  return (
    <section aria-label="The idea being tested" className="space-y-1.5">
      <div className="flex items-baseline justify-between">
        <h2 className={HEADING}>The idea being tested</h2>
        {mayEdit && draft === null && (
          <button type="button" className="text-xs font-medium text-indigo-700 hover:underline" onClick={() => setDraft(data.note)}>
            {data.note ? 'Edit' : 'Add'}
            <span className="sr-only"> note</span>
          </button>
        )}
      </div>
      {draft !== null ? (
        <form
          className="space-y-2"
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate({ teamId: team.id, runId: data.runId, note: draft });
          }}
        >
          <label className="sr-only" htmlFor="run-note">
            Note
          </label>
          <textarea id="run-note" rows={4} autoFocus value={draft} onChange={(e) => setDraft(e.target.value)} className={CONTROL} placeholder="What this run tries, and what you expect (Markdown)" />
          <FormError message={save.isError ? errorMessage(save.error) : null} />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={() => (setDraft(null), save.reset())}>
              Cancel
            </Button>
            <Button type="submit" pending={save.isPending}>
              Save note
            </Button>
          </div>
        </form>
      ) : data.note ? (
        <MarkdownView source={data.note} />
      ) : (
        <p className="text-sm text-slate-400">{mayEdit ? 'Say what this run tries, so reviewers know what to look for.' : 'No note.'}</p>
      )}
    </section>
  );
}

function TagsSection({ data, mayEdit }: { data: Collaboration; mayEdit: boolean }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const invalidate = useInvalidateCollaboration();
  const [input, setInput] = useState('');
  const save = useMutation(trpc.collaboration.setTags.mutationOptions({ onSuccess: invalidate }));
  const setTags = (tags: string[], after?: () => void) => save.mutate({ teamId: team.id, runId: data.runId, tags }, { onSuccess: after });
  if (!mayEdit && data.tags.length === 0) return null;
  return (
    <section aria-label="Tags" className="space-y-1.5">
      <h2 className={HEADING}>Tags</h2>
      <ul className="flex flex-wrap gap-1.5">
        {data.tags.map((tag) => (
          <li key={tag} className="inline-flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pr-1 pl-2 text-xs font-medium text-slate-700 ring-1 ring-slate-200 ring-inset">
            {tag}
            {mayEdit && (
              <button type="button" aria-label={`Remove tag ${tag}`} className="rounded-full px-1 text-slate-400 hover:bg-slate-200 hover:text-slate-700" onClick={() => setTags(data.tags.filter((t) => t !== tag))}>
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {mayEdit && (
        <form
          className="flex gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            const added = input.split(',').map((t) => t.trim()).filter(Boolean);
            if (added.length) setTags([...data.tags, ...added], () => setInput(''));
          }}
        >
          <label className="sr-only" htmlFor="run-tag">
            Add a tag
          </label>
          <input
            id="run-tag"
            value={input}
            onChange={(e) => (setInput(e.target.value), save.reset())}
            placeholder="add a tag"
            aria-invalid={save.isError || undefined}
            className={`${CONTROL} py-1 aria-[invalid=true]:ring-red-500`}
          />
          <Button type="submit" variant="secondary" className="px-2.5 py-1" pending={save.isPending} disabled={!input.trim()}>
            Add
          </Button>
        </form>
      )}
      {save.isError && (
        <p role="alert" className="text-xs font-medium text-red-600">
          {errorMessage(save.error)}
        </p>
      )}
    </section>
  );
}

function ReviewSection({ data, isAuthor, mayReview, mayAsk }: { data: Collaboration; isAuthor: boolean; mayReview: boolean; mayAsk: boolean }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const invalidate = useInvalidateCollaboration();
  const ready = useMutation(trpc.collaboration.setReadyForReview.mutationOptions({ onSuccess: invalidate }));
  const review = useMutation(trpc.collaboration.review.mutationOptions({ onSuccess: () => (setBody(''), setMissing(false), invalidate()) }));
  const [body, setBody] = useState('');
  const [missing, setMissing] = useState(false);
  const [asked, setAsked] = useState('');
  const me = useQuery(trpc.account.me.queryOptions());
  const members = useQuery({ ...trpc.member.list.queryOptions({ teamId: team.id }), enabled: mayAsk });
  const teammates = (members.data ?? []).filter((m) => m.userId !== me.data?.id && m.role !== 'viewer');
  const readyAt = data.readyForReviewAt ? new Date(data.readyForReviewAt) : null;

  return (
    <section aria-label="Review status" className="space-y-3">
      <h2 className={HEADING}>Review</h2>
      <p className="text-sm text-slate-700">
        {readyAt ? (
          <>
            Ready for review <span className="text-slate-500">since {relativeTime(readyAt)}</span>
          </>
        ) : (
          <span className="text-slate-500">{isAuthor ? 'Not yet asked for review.' : 'The author has not asked for review yet.'}</span>
        )}
      </p>
      {mayAsk && (
        <div className="space-y-1">
          {!readyAt && teammates.length > 0 && (
            <label className="block text-xs text-slate-600">
              Ask
              <select value={asked} onChange={(e) => setAsked(e.target.value)} className={`${CONTROL} mt-1 py-1.5`}>
                <option value="">anyone on the team</option>
                {teammates.map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <Button
            variant={readyAt ? 'secondary' : 'primary'}
            className="w-full"
            pending={ready.isPending}
            onClick={() => ready.mutate({ teamId: team.id, runId: data.runId, ready: !readyAt, ...(!readyAt && asked ? { reviewerIds: [asked] } : {}) })}
          >
            {readyAt ? 'Withdraw review request' : 'Mark ready for review'}
          </Button>
          {readyAt && data.verdicts.some((v) => !v.stale && v.verdict === 'changes_requested') && (
            <button type="button" className="w-full text-center text-xs text-slate-500 hover:text-indigo-700" onClick={() => ready.mutate({ teamId: team.id, runId: data.runId, ready: true })}>
              Changed something? Ask again
            </button>
          )}
          <FormError message={ready.isError ? errorMessage(ready.error) : null} />
        </div>
      )}
      {data.verdicts.length > 0 && (
        <ul className="space-y-1.5" aria-label="Verdicts">
          {data.verdicts.map((v) => (
            <li key={v.reviewerId ?? v.createdAt.toString()} className={`flex items-center gap-2 text-sm ${v.stale ? 'text-slate-400' : 'text-slate-700'}`}>
              <span className={`size-2 shrink-0 rounded-full ${v.stale ? 'bg-slate-300' : v.verdict === 'approved' ? 'bg-emerald-500' : 'bg-amber-500'}`} aria-hidden />
              <span className="min-w-0 flex-1 truncate">
                <span className="font-medium">{v.reviewerName ?? 'Former member'}</span> {v.verdict === 'approved' ? 'approved' : 'requested changes'}
              </span>
              {v.stale ? (
                <span className="text-xs" title="Given before the author last asked for review">
                  stale
                </span>
              ) : (
                <span className="text-xs text-slate-400">{relativeTime(new Date(v.createdAt))}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {mayReview && (
        <form
          className="space-y-2 border-t border-slate-100 pt-3"
          onSubmit={(event) => {
            event.preventDefault();
          }}
        >
          <label htmlFor="review-body" className="text-sm font-medium text-slate-700">
            Your review
          </label>
          <textarea
            id="review-body"
            rows={3}
            value={body}
            onChange={(e) => (setBody(e.target.value), setMissing(false))}
            aria-invalid={missing || undefined}
            className={`${CONTROL} aria-[invalid=true]:ring-red-500`}
            placeholder="What looks good, what should change (Markdown)"
          />
          {missing && (
            <p role="alert" className="text-xs font-medium text-red-600">
              Say what should change: requesting changes needs a comment.
            </p>
          )}
          <FormError message={review.isError ? errorMessage(review.error) : null} />
          <div className="flex gap-2">
            <Button type="button" className="flex-1" pending={review.isPending && review.variables?.verdict === 'approved'} disabled={review.isPending} onClick={() => review.mutate({ teamId: team.id, runId: data.runId, verdict: 'approved', body: body.trim() ? body : null })}>
              Approve
            </Button>
            <Button
              type="button"
              variant="secondary"
              className="flex-1"
              pending={review.isPending && review.variables?.verdict === 'changes_requested'}
              disabled={review.isPending}
              onClick={() => {
                if (!body.trim()) return setMissing(true);
                review.mutate({ teamId: team.id, runId: data.runId, verdict: 'changes_requested', body });
              }}
            >
              Request changes
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
