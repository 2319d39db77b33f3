import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRunName } from '@/server/shared/runs/run-name';
import type { DatabaseHandle } from '@/db/client';
import { claimRun, completeRun, failRun } from '@/server/shared/runs/lifecycle';
import { expectTrpcError } from '../support/expect-error';
import { callerFor, makeUser, openTestDatabase, servicesFor, uniqueSuffix } from '../support/test-database';

type Caller = ReturnType<typeof callerFor>;
type User = Awaited<ReturnType<typeof makeUser>>;

const XSS_BODIES = ['<script>alert(1)</script>', '[x](javascript:alert(1))', '<img src=x onerror=alert(1)>', '  **kept** as written\n\n'];

describe('reviewing teammates’ runs', () => {
  let handle: DatabaseHandle;
  let teamId: string;
  let otherTeamId: string;
  let splitId: string;
  const users: Record<'author' | 'reviewer' | 'admin' | 'viewer' | 'outsider', User> = {} as never;
  const as = (who: keyof typeof users): Caller => callerFor(handle, users[who].id);
  let runA: string;
  let runB: string;
  let runC: string;

  async function launch(): Promise<string> {
    const { config } = await as('author').run.defaults({ teamId, splitId });
    return (await as('author').run.launch({ teamId, splitId, config: { ...config, epochs: 2 } })).id;
  }

  async function unread(who: keyof typeof users, kind?: string) {
    const { items } = await as(who).notification.list({ teamId, unreadOnly: true, limit: 200 });
    return kind ? items.filter((n) => n.kind === kind) : items;
  }

  beforeAll(async () => {
    handle = await openTestDatabase();
    for (const name of ['author', 'reviewer', 'admin', 'viewer', 'outsider'] as const) users[name] = await makeUser(handle, name[0]!.toUpperCase() + name.slice(1));
    teamId = (await as('author').team.create({ name: 'Review', slug: `review-${uniqueSuffix()}` })).id;
    otherTeamId = (await as('outsider').team.create({ name: 'Elsewhere', slug: `elsewhere-${uniqueSuffix()}` })).id;
    for (const [who, role] of [['reviewer', 'member'], ['admin', 'admin'], ['viewer', 'viewer']] as const) {
      const { token } = await as('author').invite.create({ teamId, role, expiresInDays: 1 });
      await as(who).invite.accept({ token });
    }
    const { versionId } = await as('author').dataset.addExample({ teamId, example: { type: 'generated', params: { kind: 'moons', rows: 100, noise: 0.1, seed: 1, classes: 2 } } });
    splitId = (
      await as('author').split.freeze({
        teamId,
        datasetVersionId: versionId,
        name: `moons ${uniqueSuffix()}`,
        definition: { strategy: 'stratified', column: 'label', fractions: { train: 0.7, dev: 0.15, test: 0.15 }, seed: 1 },
        humanLevelError: 0.01,
      })
    ).id;
    runA = await launch();
    runB = await launch();
    runC = await launch();
    // No worker here: drive the state machine as the train handler would.
    const worker = { id: crypto.randomUUID(), name: 'collab-test' };
    await claimRun(handle.db, runA, worker);
    await completeRun(handle.db, { id: runA, teamId }, {
      bestEpoch: 2, stoppedEarly: false, paramCount: 10, devLoss: 0.3, devMetrics: { accuracy: 0.9 }, confusionMatrix: null, classes: [],
      weightsBlobKey: 'w', weightsHash: 'h', devPredictionsBlobKey: 'p', preprocessing: null, trainingMs: 5,
    });
    await failRun(handle.db, { id: runB, teamId }, 'nan', 'Loss became NaN.');
  });

  afterAll(async () => {
    await (await servicesFor(handle).boss()).stop({ graceful: false }).catch(() => undefined);
    await handle.close();
  });

  it('threads comments and stores Markdown byte for byte', async () => {
    const root = await as('reviewer').collaboration.postComment({ teamId, runId: runA, body: 'Why **0.01**?' });
    const reply = await as('author').collaboration.postComment({ teamId, runId: runA, body: 'Tried 0.1, it diverged.', parentId: root.id });
    // A reply to a reply joins the same thread.
    const nested = await as('reviewer').collaboration.postComment({ teamId, runId: runA, body: 'Thanks', parentId: reply.id });
    expect(nested.parentId).toBe(root.id);
    const posted = [];
    for (const body of XSS_BODIES) posted.push(await as('author').collaboration.postComment({ teamId, runId: runA, body }));
    expect(posted.map((c) => c.body)).toEqual(XSS_BODIES);

    const threads = await as('viewer').collaboration.comments({ teamId, runId: runA });
    const thread = threads.find((t) => t.id === root.id)!;
    expect(thread).toMatchObject({ authorId: users.reviewer.id, authorName: 'Reviewer', body: 'Why **0.01**?', deleted: false, parentId: null });
    expect(thread.replies.map((r) => r.body)).toEqual(['Tried 0.1, it diverged.', 'Thanks']);
    expect(threads.filter((t) => XSS_BODIES.includes(t.body!)).map((t) => t.body)).toEqual(XSS_BODIES);
    expect(JSON.stringify(threads)).not.toContain('@example.com');
    await expectTrpcError(as('author').collaboration.postComment({ teamId, runId: runA, body: '   ' }), 'BAD_REQUEST', /Write something/);
    await expectTrpcError(as('viewer').collaboration.postComment({ teamId, runId: runA, body: 'hi' }), 'FORBIDDEN', /Viewers can't comment/);
  });

  it('edits and deletes only your own comments; a deleted thread start keeps its replies', async () => {
    const root = await as('author').collaboration.postComment({ teamId, runId: runB, body: 'first' });
    const reply = await as('reviewer').collaboration.postComment({ teamId, runId: runB, body: 'reply', parentId: root.id });
    const lone = await as('author').collaboration.postComment({ teamId, runId: runB, body: 'lone' });
    await expectTrpcError(as('reviewer').collaboration.editComment({ teamId, commentId: root.id, body: 'hijacked' }), 'FORBIDDEN', /only your own/);
    await expectTrpcError(as('admin').collaboration.deleteComment({ teamId, commentId: root.id }), 'FORBIDDEN', /only your own/);
    const edited = await as('author').collaboration.editComment({ teamId, commentId: root.id, body: 'first (edited)' });
    expect(edited).toMatchObject({ body: 'first (edited)', editedAt: expect.any(Date) });
    await as('author').collaboration.deleteComment({ teamId, commentId: root.id });
    await as('author').collaboration.deleteComment({ teamId, commentId: lone.id });
    await expectTrpcError(as('author').collaboration.editComment({ teamId, commentId: root.id, body: 'back' }), 'PRECONDITION_FAILED', /deleted/);
    const threads = await as('reviewer').collaboration.comments({ teamId, runId: runB });
    expect(threads).toHaveLength(1);
    expect(threads[0]).toMatchObject({ id: root.id, deleted: true, body: null });
    expect(threads[0]!.replies).toMatchObject([{ id: reply.id, body: 'reply' }]);
  });

  it('notifies mentioned teammates, and nobody for a mention of a non-member', async () => {
    const outsiderHandle = users.outsider.email.split('@')[0]!;
    const before = (await as('outsider').notification.unreadCount({})).count;
    const comment = await as('author').collaboration.postComment({ teamId, runId: runC, body: `@Reviewer and @${outsiderHandle} (and @author, myself): look at \`@admin\`` });
    const mentions = (await unread('reviewer', 'mention')).filter((n) => n.payload.commentId === comment.id);
    expect(mentions).toMatchObject([{ runId: runC, actorName: 'Author', teamId }]);
    expect(await unread('author', 'mention')).toEqual([]);
    expect((await unread('admin', 'mention')).filter((n) => n.payload.commentId === comment.id)).toEqual([]);
    expect((await as('outsider').notification.unreadCount({})).count).toBe(before);
    // An edit that adds a mention notifies only the newcomer.
    await as('author').collaboration.editComment({ teamId, commentId: comment.id, body: `@Reviewer @admin` });
    expect((await unread('reviewer', 'mention')).filter((n) => n.payload.commentId === comment.id)).toHaveLength(1);
    expect((await unread('admin', 'mention')).filter((n) => n.payload.commentId === comment.id)).toHaveLength(1);
  });

  it('ready for review → changes requested → approved; authors never review their own runs', async () => {
    await expectTrpcError(as('author').collaboration.review({ teamId, runId: runA, verdict: 'approved' }), 'FORBIDDEN', /your own run/);
    await expectTrpcError(as('reviewer').collaboration.setReadyForReview({ teamId, runId: runA, ready: true }), 'FORBIDDEN', /Only the person who launched/);
    expect(await as('reviewer').collaboration.awaitingMyReview({ teamId })).toEqual([]);

    const { readyForReviewAt } = await as('author').collaboration.setReadyForReview({ teamId, runId: runA, ready: true });
    expect(readyForReviewAt).toBeInstanceOf(Date);
    expect((await unread('reviewer', 'review.requested')).map((n) => n.runId)).toEqual([runA]);
    expect((await unread('admin', 'review.requested')).map((n) => n.runId)).toEqual([runA]);
    expect(await unread('viewer', 'review.requested')).toEqual([]);
    expect(await unread('author', 'review.requested')).toEqual([]);
    const waiting = await as('reviewer').collaboration.awaitingMyReview({ teamId });
    expect(waiting).toMatchObject([{ runId: runA, authorName: 'Author', status: 'succeeded' }]);
    expect(await as('author').collaboration.awaitingMyReview({ teamId })).toEqual([]);
    expect(await as('viewer').collaboration.awaitingMyReview({ teamId })).toEqual([]);

    await expectTrpcError(as('reviewer').collaboration.review({ teamId, runId: runA, verdict: 'changes_requested' }), 'BAD_REQUEST', /needs a comment/);
    const changes = await as('reviewer').collaboration.review({ teamId, runId: runA, verdict: 'changes_requested', body: 'Try a **smaller** batch.' });
    expect(changes.commentId).toEqual(expect.any(String));
    expect((await unread('author', 'review.given')).map((n) => n.payload.verdict)).toEqual(['changes_requested']);
    expect(await as('reviewer').collaboration.awaitingMyReview({ teamId })).toEqual([]);
    expect((await as('admin').collaboration.awaitingMyReview({ teamId })).map((r) => r.runId)).toEqual([runA]);
    // The author sees where the run stands.
    expect(await as('author').collaboration.myRunsUnderReview({ teamId })).toMatchObject([{ runId: runA, approvals: 0, changesRequested: 1 }]);
    expect(await as('reviewer').collaboration.myRunsUnderReview({ teamId })).toEqual([]);
    const threads = await as('author').collaboration.comments({ teamId, runId: runA });
    expect(threads.find((t) => t.id === changes.commentId)).toMatchObject({ verdict: 'changes_requested', body: 'Try a **smaller** batch.' });

    // The author addresses it and asks again: the old verdict is stale and the run is back in the queue.
    await as('author').collaboration.setReadyForReview({ teamId, runId: runA, ready: true });
    expect((await as('author').collaboration.run({ teamId, runId: runA })).verdicts).toMatchObject([{ reviewerId: users.reviewer.id, verdict: 'changes_requested', stale: true }]);
    expect((await as('reviewer').collaboration.awaitingMyReview({ teamId })).map((r) => r.runId)).toEqual([runA]);
    await as('reviewer').collaboration.review({ teamId, runId: runA, verdict: 'approved' });
    await as('admin').collaboration.review({ teamId, runId: runA, verdict: 'approved', body: 'LGTM' });
    const panel = await as('viewer').collaboration.run({ teamId, runId: runA });
    expect(panel.verdicts.map((v) => [v.reviewerName, v.verdict, v.stale])).toEqual([
      ['Admin', 'approved', false],
      ['Reviewer', 'approved', false],
    ]);
    expect(await as('reviewer').collaboration.awaitingMyReview({ teamId })).toEqual([]);
    // Asked again after the changes: only verdicts since then count.
    expect(await as('author').collaboration.myRunsUnderReview({ teamId })).toMatchObject([{ runId: runA, approvals: 2, changesRequested: 0 }]);
    // The runs table's review column reads the same.
    expect((await as('viewer').run.list({ teamId, runIds: [runA] })).items[0]).toMatchObject({ reviewApprovals: 2, reviewChangesRequested: 0, readyForReviewAt: expect.any(Date) });
    await expectTrpcError(as('viewer').collaboration.review({ teamId, runId: runA, verdict: 'approved' }), 'FORBIDDEN', /Viewers/);

    await as('author').collaboration.setReadyForReview({ teamId, runId: runA, ready: false });
    expect((await as('author').collaboration.run({ teamId, runId: runA })).readyForReviewAt).toBeNull();
    expect(await as('author').collaboration.myRunsUnderReview({ teamId })).toEqual([]);
  });

  it('asks a specific teammate: only they are notified, the run heads their queue as "asked you", the author sees whom', async () => {
    await expectTrpcError(as('author').collaboration.setReadyForReview({ teamId, runId: runB, ready: true, reviewerIds: [users.viewer.id] }), 'BAD_REQUEST', /reviewerIds: .*viewers cannot/);
    await expectTrpcError(as('author').collaboration.setReadyForReview({ teamId, runId: runB, ready: true, reviewerIds: [users.author.id] }), 'BAD_REQUEST', /your own run/);
    const before = await unread('admin', 'review.requested');
    await as('author').collaboration.setReadyForReview({ teamId, runId: runB, ready: true, reviewerIds: [users.reviewer.id] });
    expect((await unread('reviewer', 'review.requested')).map((n) => n.runId)).toContain(runB);
    expect(await unread('admin', 'review.requested')).toEqual(before);
    // Anyone may still review it; the one asked sees it first, marked.
    const queue = await as('reviewer').collaboration.awaitingMyReview({ teamId });
    expect(queue[0]).toMatchObject({ runId: runB, askedMe: true });
    expect((await as('admin').collaboration.awaitingMyReview({ teamId })).find((r) => r.runId === runB)).toMatchObject({ askedMe: false });
    expect((await as('author').collaboration.myRunsUnderReview({ teamId })).find((r) => r.runId === runB)).toMatchObject({ askedNames: ['Reviewer'] });
    // Withdrawing forgets whom it asked.
    await as('author').collaboration.setReadyForReview({ teamId, runId: runB, ready: false });
    await as('author').collaboration.setReadyForReview({ teamId, runId: runB, ready: true });
    expect((await as('author').collaboration.myRunsUnderReview({ teamId })).find((r) => r.runId === runB)).toMatchObject({ askedNames: [] });
    await as('author').collaboration.setReadyForReview({ teamId, runId: runB, ready: false });
  });

  it('tags and notes: author or admin edits them, validated; runs are found by tag and by note text', async () => {
    expect(await as('author').collaboration.setTags({ teamId, runId: runA, tags: ['lr-0.01', 'baseline', 'baseline'] })).toEqual({ tags: ['baseline', 'lr-0.01'] });
    await as('admin').collaboration.setTags({ teamId, runId: runB, tags: ['baseline'] });
    await expectTrpcError(as('reviewer').collaboration.setTags({ teamId, runId: runC, tags: ['mine'] }), 'FORBIDDEN', /or a team admin/);
    await expectTrpcError(as('author').collaboration.setTags({ teamId, runId: runC, tags: ['Baseline'] }), 'BAD_REQUEST', /lowercase/);
    await expectTrpcError(as('author').collaboration.setTags({ teamId, runId: runC, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }), 'BAD_REQUEST', /at most 20/);
    await as('author').collaboration.setNote({ teamId, runId: runA, note: 'Idea: dropout 0.2 beats **weight decay**; 100% sure' });
    await as('admin').collaboration.setNote({ teamId, runId: runC, note: 'Bigger batch' });
    await expectTrpcError(as('reviewer').collaboration.setNote({ teamId, runId: runA, note: 'x' }), 'FORBIDDEN', /or a team admin/);

    expect(await as('viewer').collaboration.tags({ teamId })).toEqual([
      { tag: 'baseline', count: 2 },
      { tag: 'lr-0.01', count: 1 },
    ]);
    const find = (filter: { tag?: string; q?: string }) => as('viewer').collaboration.findRuns({ teamId, ...filter }).then((r) => r.runIds.sort());
    expect(await find({ tag: 'baseline' })).toEqual([runA, runB].sort());
    expect(await find({ q: 'DROPOUT' })).toEqual([runA]);
    expect(await find({ q: '100%' })).toEqual([runA]);
    expect(await find({ q: '0%' })).toEqual([runA]);
    expect(await find({ q: '_' })).toEqual([]);
    expect(await find({ tag: 'lr-0.01', q: 'batch' })).toEqual([]);
    expect(await find({})).toEqual([runA, runB, runC].sort());
    expect(await as('author').collaboration.run({ teamId, runId: runA })).toMatchObject({ tags: ['baseline', 'lr-0.01'], note: expect.stringMatching(/^Idea/) });
  });

  it('names: a run goes by its config until its author or an admin renames it; blank gives the default back', async () => {
    const before = await as('viewer').run.get({ teamId, runId: runA });
    expect(before).toMatchObject({ namedByHand: false, name: defaultRunName(before.config!) });
    await as('author').run.rename({ teamId, runId: runA, name: '  wider   layers  ' });
    expect(await as('viewer').run.get({ teamId, runId: runA })).toMatchObject({ name: 'wider layers', namedByHand: true });
    const listed = await as('viewer').run.list({ teamId, runIds: [runA] });
    expect(listed.items[0]!.name).toBe('wider layers');
    // The runs table's collaboration columns: tags and the note's opening, from the earlier test.
    expect(listed.items[0]).toMatchObject({ tags: ['baseline', 'lr-0.01'], notePreview: expect.stringMatching(/^Idea: dropout 0\.2/), testScore: null });
    await expectTrpcError(as('reviewer').run.rename({ teamId, runId: runA, name: 'mine' }), 'FORBIDDEN', /or a team admin/);
    await expectTrpcError(as('author').run.rename({ teamId, runId: runA, name: 'x'.repeat(81) }), 'BAD_REQUEST', /name: keep run names to 80 characters/);
    await as('admin').run.rename({ teamId, runId: runA, name: '' });
    expect(await as('viewer').run.get({ teamId, runId: runA })).toMatchObject({ name: before.name, namedByHand: false });
  });

  it('the activity feed names who did what, filters by actor and kind, and pages', async () => {
    const { items } = await as('viewer').activity.list({ teamId, limit: 200 });
    const kinds = new Set(items.map((i) => i.kind));
    for (const kind of ['member.joined', 'dataset.registered', 'split.frozen', 'run.launched', 'run.succeeded', 'run.failed', 'comment.posted', 'run.ready_for_review', 'review.changes_requested', 'review.approved']) {
      expect(kinds, kind).toContain(kind);
    }
    const launched = items.find((i) => i.kind === 'run.launched' && i.runId === runA)!;
    expect(launched).toMatchObject({ actorName: 'Author', runNumber: 1, splitId, splitName: expect.stringMatching(/^moons/), payload: { runNumber: 1 } });
    expect(items.find((i) => i.kind === 'run.failed')).toMatchObject({ runId: runB, payload: { failureKind: 'nan' } });
    expect(items.find((i) => i.kind === 'review.changes_requested')).toMatchObject({ actorName: 'Reviewer', runNumber: 1, payload: { verdict: 'changes_requested' } });
    expect(items.filter((i) => i.kind === 'member.joined').map((i) => i.actorName).sort()).toEqual(['Admin', 'Reviewer', 'Viewer']);
    expect(JSON.stringify(items)).not.toContain('@example.com');

    const byReviewer = await as('viewer').activity.list({ teamId, actorId: users.reviewer.id, limit: 200 });
    expect(new Set(byReviewer.items.map((i) => i.actorId))).toEqual(new Set([users.reviewer.id]));
    const reviews = await as('viewer').activity.list({ teamId, kinds: ['review.approved'], limit: 200 });
    expect(reviews.items.map((i) => i.actorName).sort()).toEqual(['Admin', 'Reviewer']);

    const first = await as('viewer').activity.list({ teamId, limit: 3 });
    const second = await as('viewer').activity.list({ teamId, limit: 3, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(items.slice(0, 6).map((i) => i.id));
  });

  it('streams new activity live, resuming after the last event id', async () => {
    const latest = (await as('viewer').activity.list({ teamId, limit: 1 })).items[0]!.id;
    const stream = (await as('viewer').activity.live({ teamId, lastEventId: String(latest) })) as AsyncIterable<unknown>;
    const iterator = stream[Symbol.asyncIterator]();
    const next = iterator.next();
    const comment = await as('reviewer').collaboration.postComment({ teamId, runId: runC, body: 'live!' });
    const { value } = await next;
    await iterator.return?.();
    const [id, item] = value as [string, { kind: string; actorName: string; payload: { commentId: string } }];
    expect(Number(id)).toBeGreaterThan(latest);
    expect(item).toMatchObject({ kind: 'comment.posted', actorName: 'Reviewer', payload: { commentId: comment.id } });
  });

  it('notifications: run outcomes reach their author; unread counts; mark read by id or all; only your own', async () => {
    const outcomes = await unread('author');
    expect(outcomes.filter((n) => n.kind === 'run.succeeded').map((n) => n.runId)).toEqual([runA]);
    expect(outcomes.filter((n) => n.kind === 'run.failed').map((n) => [n.runId, n.runNumber])).toEqual([[runB, 2]]);
    const count = (await as('author').notification.unreadCount({ teamId })).count;
    expect(count).toBe(outcomes.length);
    expect((await as('author').notification.unreadCount()).count).toBe(count);

    // Someone else's ids are skipped silently.
    expect(await as('reviewer').notification.markRead({ ids: outcomes.map((n) => n.id) })).toEqual({ updated: 0 });
    expect(await as('author').notification.markRead({ ids: [outcomes[0]!.id] })).toEqual({ updated: 1 });
    expect((await as('author').notification.unreadCount({ teamId })).count).toBe(count - 1);
    const all = await as('author').notification.list({ teamId, limit: 200 });
    expect(all.items.find((n) => n.id === outcomes[0]!.id)!.readAt).toBeInstanceOf(Date);

    const viewerUnread = (await as('viewer').notification.unreadCount({ teamId })).count;
    expect(await as('viewer').notification.markRead({ all: true })).toEqual({ updated: viewerUnread });
    expect(await as('author').notification.markRead({ all: true, teamId })).toEqual({ updated: count - 1 });
    expect((await as('author').notification.unreadCount({})).count).toBe(0);
    // The reviewer's are untouched.
    expect((await as('reviewer').notification.unreadCount({ teamId })).count).toBeGreaterThan(0);
    // Nobody else's team shows up, even when asked for by id.
    expect((await as('outsider').notification.list({ teamId, limit: 200 })).items).toEqual([]);
  });

  it("another team's member gets NOT_FOUND, through this team or their own", async () => {
    const outsider = as('outsider');
    for (const tid of [teamId, otherTeamId]) {
      await expectTrpcError(outsider.collaboration.comments({ teamId: tid, runId: runA }), 'NOT_FOUND', /./);
      await expectTrpcError(outsider.collaboration.run({ teamId: tid, runId: runA }), 'NOT_FOUND', /./);
      await expectTrpcError(outsider.collaboration.postComment({ teamId: tid, runId: runA, body: 'hi' }), 'NOT_FOUND', /./);
      await expectTrpcError(outsider.collaboration.review({ teamId: tid, runId: runA, verdict: 'approved' }), 'NOT_FOUND', /./);
      await expectTrpcError(outsider.collaboration.setTags({ teamId: tid, runId: runA, tags: ['x'] }), 'NOT_FOUND', /./);
      await expectTrpcError(outsider.collaboration.setNote({ teamId: tid, runId: runA, note: 'x' }), 'NOT_FOUND', /./);
    }
    const [thread] = await as('author').collaboration.comments({ teamId, runId: runA });
    await expectTrpcError(outsider.collaboration.editComment({ teamId: otherTeamId, commentId: thread!.id, body: 'x' }), 'NOT_FOUND', /./);
    await expectTrpcError(outsider.collaboration.deleteComment({ teamId: otherTeamId, commentId: thread!.id }), 'NOT_FOUND', /./);
    await expectTrpcError(outsider.activity.list({ teamId }), 'NOT_FOUND', /./);
    expect((await outsider.activity.list({ teamId: otherTeamId })).items.some((i) => i.runId === runA)).toBe(false);
    expect(await outsider.collaboration.findRuns({ teamId: otherTeamId })).toEqual({ runIds: [] });
    expect(await outsider.collaboration.tags({ teamId: otherTeamId })).toEqual([]);
  });
});
