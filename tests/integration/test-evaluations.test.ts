import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { and, eq, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { activityEvents, testEvaluationResults, testEvaluations } from '@/db/schema';
import type { WorkerRuntime } from '@/workers/handler/worker-runtime';
import { registerCsv } from '../support/datasets';
import { expectTrpcError } from '../support/expect-error';
import { callerFor, makeUser, openTestDatabase, servicesFor, testDatabaseUrl, uniqueSuffix } from '../support/test-database';
import { followRun, moonsTeam, startTestWorker } from '../support/training';

type Caller = ReturnType<typeof callerFor>;

async function join(handle: DatabaseHandle, owner: Caller, teamId: string, role: 'admin' | 'member' | 'viewer') {
  const user = await makeUser(handle, role);
  const { token } = await owner.invite.create({ teamId, role, expiresInDays: 1 });
  await callerFor(handle, user.id).invite.accept({ token });
  return { user, caller: callerFor(handle, user.id) };
}

/** Trains a small run to completion and returns its id. */
async function trainedRun(me: Caller, teamId: string, splitId: string, defaults: Record<string, unknown>, epochs = 15) {
  const run = await me.run.launch({ teamId, splitId, config: { ...defaults, epochs } });
  const messages = await followRun(me, teamId, run.id);
  expect(messages.at(-1)?.run.status).toBe('succeeded');
  return run;
}

/** Polls `get` as a client would until the worker has recorded a result. */
async function waitForResult(me: Caller, teamId: string, evaluationId: string, timeoutMs = 45_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const evaluation = await me.testEvaluation.get({ teamId, evaluationId });
    if (evaluation && evaluation.status !== 'pending') return evaluation;
    if (Date.now() > deadline) throw new Error(`evaluation ${evaluationId} still pending after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('test evaluations', () => {
  let handle: DatabaseHandle;
  let worker: WorkerRuntime;
  let team: Awaited<ReturnType<typeof moonsTeam>>;
  let admin: Caller;
  let member: Caller;
  let memberName: string;
  let viewer: Caller;
  let runId: string;
  let runNumber: number;

  beforeAll(async () => {
    handle = await openTestDatabase();
    worker = await startTestWorker(handle);
    team = await moonsTeam(handle, 600);
    admin = (await join(handle, team.me, team.teamId, 'admin')).caller;
    const m = await join(handle, team.me, team.teamId, 'member');
    member = m.caller;
    memberName = m.user.name;
    viewer = (await join(handle, team.me, team.teamId, 'viewer')).caller;
    const run = await trainedRun(member, team.teamId, team.splitId, team.defaults);
    runId = run.id;
    runNumber = run.number;
  });

  afterAll(async () => {
    await worker?.stop();
    await (await servicesFor(handle).boss()).stop({ graceful: false }).catch(() => undefined);
    await handle.close();
  });

  it('starts with the default budget of 3 per week, visible to viewers', async () => {
    expect(await viewer.testEvaluation.budget({ teamId: team.teamId, splitId: team.splitId })).toMatchObject({
      maxEvaluations: 3,
      period: 'week',
      isDefault: true,
      used: 0,
      remaining: 3,
      nextAvailableAt: null,
    });
  });

  it('scores a finished run on the sealed test split and reveals accuracy with a Wilson interval', async () => {
    const { id } = await member.testEvaluation.request({ teamId: team.teamId, runId, reason: 'final estimate before the write-up' });
    const evaluation = await waitForResult(member, team.teamId, id);
    expect(evaluation).toMatchObject({
      id,
      runId,
      runNumber,
      splitId: team.splitId,
      status: 'ok',
      requestedBy: { name: memberName },
      reason: 'final estimate before the write-up',
      modelHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      result: { metric: 'accuracy', testCount: 90, error: null, detail: { interval: 'wilson', confidence: 0.95 } },
    });
    const { score, ciLow, ciHigh } = evaluation.result!;
    expect(score!).toBeGreaterThan(0.8);
    expect(ciLow!).toBeLessThan(score!);
    expect(ciHigh!).toBeGreaterThanOrEqual(score!);
    expect(ciHigh! - ciLow!).toBeLessThan(0.25);
    expect(evaluation.result!.detail.correct).toBe(Math.round(score! * 90));

    // The whole team sees it in the audit log, with the exact model evaluated.
    const log = await viewer.testEvaluation.list({ teamId: team.teamId, splitId: team.splitId, limit: 10 });
    expect(log.items.map((e) => e.id)).toEqual([id]);
    expect(await viewer.testEvaluation.get({ teamId: team.teamId, runId })).toMatchObject({ id, status: 'ok' });
    const [activity] = await handle.db
      .select({ payload: activityEvents.payload })
      .from(activityEvents)
      .where(and(eq(activityEvents.teamId, team.teamId), eq(activityEvents.kind, 'test_evaluation.completed')));
    expect(activity?.payload).toMatchObject({ evaluationId: id, outcome: 'ok', metric: 'accuracy', score });
    expect(await viewer.testEvaluation.budget({ teamId: team.teamId, splitId: team.splitId })).toMatchObject({ used: 1, remaining: 2 });
    // The runs table shows the score beside the run.
    expect((await viewer.run.list({ teamId: team.teamId, runIds: [runId] })).items[0]).toMatchObject({ testScore: score, testMetric: 'accuracy' });
  });

  it('refuses a request once the budget is spent, saying when the next one is available', async () => {
    // Another model (another seed): the first one has been scored already.
    const other = await trainedRun(member, team.teamId, team.splitId, { ...team.defaults, seed: 4242 }, 5);
    await admin.testEvaluation.setBudget({ teamId: team.teamId, splitId: team.splitId, maxEvaluations: 1, period: 'week' });
    const budget = await member.testEvaluation.budget({ teamId: team.teamId, splitId: team.splitId });
    expect(budget).toMatchObject({ maxEvaluations: 1, period: 'week', isDefault: false, used: 1, remaining: 0 });
    const [first] = (await member.testEvaluation.list({ teamId: team.teamId, splitId: team.splitId, limit: 1 })).items;
    expect(budget.nextAvailableAt!.getTime()).toBe(first!.requestedAt.getTime() + 7 * 86_400_000);
    const when = budget.nextAvailableAt!.toISOString().slice(0, 16).replace('T', ' ');
    await expectTrpcError(
      member.testEvaluation.request({ teamId: team.teamId, runId: other.id }),
      'TOO_MANY_REQUESTS',
      new RegExp(`^The test budget for this split is spent: 1 of 1 evaluations in the past 7 days; the next one is available on ${when} UTC\\. Ask an admin to raise it\\.$`),
    );
    await admin.testEvaluation.setBudget({ teamId: team.teamId, splitId: team.splitId, maxEvaluations: 1, period: 'total' });
    await expectTrpcError(member.testEvaluation.request({ teamId: team.teamId, runId: other.id }), 'TOO_MANY_REQUESTS', /1 of 1 evaluations in total; no more become available with time\. Ask an admin/);
    await admin.testEvaluation.setBudget({ teamId: team.teamId, splitId: team.splitId, maxEvaluations: 0, period: 'month' });
    await expectTrpcError(member.testEvaluation.request({ teamId: team.teamId, runId: other.id }), 'TOO_MANY_REQUESTS', /budget for this split is 0 evaluations/);
    // The model already scored is shown again, spent budget or not, and spends nothing.
    const [scored] = (await member.testEvaluation.list({ teamId: team.teamId, runId, limit: 1 })).items;
    expect(await member.testEvaluation.request({ teamId: team.teamId, runId, reason: 'again' })).toEqual({ id: scored!.id, reused: true });
    // Refusals leave no trace in the log: only granted requests are evaluations.
    expect((await member.testEvaluation.list({ teamId: team.teamId, limit: 50 })).items).toHaveLength(1);
    await admin.testEvaluation.setBudget({ teamId: team.teamId, splitId: team.splitId, maxEvaluations: 5, period: 'month' });
    expect(await member.testEvaluation.budget({ teamId: team.teamId, splitId: team.splitId })).toMatchObject({ remaining: 4 });
  });

  it('lets members request and admins set budgets, and nobody else', async () => {
    await expectTrpcError(viewer.testEvaluation.request({ teamId: team.teamId, runId }), 'FORBIDDEN', /^Viewers can't/);
    await expectTrpcError(
      member.testEvaluation.setBudget({ teamId: team.teamId, splitId: team.splitId, maxEvaluations: 100, period: 'total' }),
      'FORBIDDEN',
      /^Members can't set test budgets/,
    );
    await expectTrpcError(admin.testEvaluation.setBudget({ teamId: team.teamId, splitId: team.splitId, maxEvaluations: -1, period: 'week' }), 'BAD_REQUEST', /maxEvaluations/);
    // Another team's run and split are not found, whatever the caller's role in their own team.
    const outsider = await moonsTeam(handle, 200);
    await expectTrpcError(outsider.me.testEvaluation.request({ teamId: outsider.teamId, runId }), 'NOT_FOUND', /No such run/);
    await expectTrpcError(outsider.me.testEvaluation.budget({ teamId: outsider.teamId, splitId: team.splitId }), 'NOT_FOUND', /No such split/);
    await expectTrpcError(
      outsider.me.testEvaluation.setBudget({ teamId: outsider.teamId, splitId: team.splitId, maxEvaluations: 100, period: 'total' }),
      'NOT_FOUND',
      /No such split/,
    );
    expect((await outsider.me.testEvaluation.list({ teamId: outsider.teamId, limit: 50 })).items).toEqual([]);
    expect(await outsider.me.testEvaluation.get({ teamId: outsider.teamId, runId })).toBeNull();
  });

  it('refuses a run that has not succeeded', async () => {
    const run = await member.run.launch({ teamId: team.teamId, splitId: team.splitId, config: { ...team.defaults, epochs: 500 } });
    await expectTrpcError(member.testEvaluation.request({ teamId: team.teamId, runId: run.id }), 'PRECONDITION_FAILED', /is (queued|running): only a succeeded run can be evaluated/);
    await member.run.cancel({ teamId: team.teamId, runId: run.id });
    await followRun(member, team.teamId, run.id);
  });

  it('keeps the audit log append-only: the database refuses UPDATE and DELETE', async () => {
    const [evaluation] = await handle.db.select({ id: testEvaluations.id }).from(testEvaluations).where(eq(testEvaluations.teamId, team.teamId));
    const id = evaluation!.id;
    await expect(handle.db.update(testEvaluations).set({ reason: 'rewritten' }).where(eq(testEvaluations.id, id))).rejects.toThrow();
    await expect(handle.db.delete(testEvaluations).where(eq(testEvaluations.id, id))).rejects.toThrow();
    await expect(handle.db.update(testEvaluationResults).set({ score: 1 }).where(eq(testEvaluationResults.evaluationId, id))).rejects.toThrow();
    await expect(handle.db.delete(testEvaluationResults).where(eq(testEvaluationResults.evaluationId, id))).rejects.toThrow();
    await expect(handle.db.execute(sql`UPDATE test_evaluations SET model_hash = 'x' WHERE id = ${id}`)).rejects.toThrow();
    const [after] = await handle.db.select({ reason: testEvaluations.reason }).from(testEvaluations).where(eq(testEvaluations.id, id));
    expect(after?.reason).toBe('final estimate before the write-up');
    const [result] = await handle.db.select({ score: testEvaluationResults.score }).from(testEvaluationResults).where(eq(testEvaluationResults.evaluationId, id));
    expect(result?.score).toBeLessThan(1);
  });

  it('never returns a test label, even when every test label is a class the run never saw', async () => {
    const markers = Array.from({ length: 12 }, () => `SEALED-${uniqueSuffix()}`);
    const rows = ['x1,x2,part,label'];
    for (let i = 0; i < 40; i++) rows.push(`${i},${(i * 7) % 11},train,${i % 2 ? 'alpha' : 'beta'}`);
    for (let i = 0; i < 10; i++) rows.push(`${i + 0.5},${i % 3},dev,${i % 2 ? 'alpha' : 'beta'}`);
    for (const [i, marker] of markers.entries()) rows.push(`${i + 0.25},${i % 5},test,${marker}`);
    const { versionId } = await registerCsv(handle, team.teamId, team.user.id, rows.join('\n') + '\n', { name: `markers ${uniqueSuffix()}`, target: 'label' });
    const split = await team.me.split.freeze({
      teamId: team.teamId,
      datasetVersionId: versionId,
      name: `explicit ${uniqueSuffix()}`,
      definition: { strategy: 'explicit', column: 'part', mapping: { train: 'train', dev: 'dev', test: 'test' } },
      humanLevelError: 0.05,
    });
    const { config } = await team.me.run.defaults({ teamId: team.teamId, splitId: split.id });
    const run = await trainedRun(member, team.teamId, split.id, config, 3);
    const { id } = await member.testEvaluation.request({ teamId: team.teamId, runId: run.id });
    const evaluation = await waitForResult(member, team.teamId, id);
    expect(evaluation).toMatchObject({ status: 'ok', result: { metric: 'accuracy', score: 0, testCount: 12, detail: { correct: 0 } } });
    // How many test rows hold a class the run never saw is a count over sealed labels: not shown.
    expect(evaluation.result!.detail).not.toHaveProperty('rowsWithUnseenClass');
    const responses = [
      evaluation,
      await viewer.testEvaluation.list({ teamId: team.teamId, limit: 200 }),
      await viewer.testEvaluation.get({ teamId: team.teamId, runId: run.id }),
      await viewer.testEvaluation.budget({ teamId: team.teamId, splitId: split.id }),
    ];
    const [activity] = await handle.db.select({ payload: activityEvents.payload }).from(activityEvents).where(eq(activityEvents.runId, run.id));
    const text = JSON.stringify([responses, activity]);
    for (const marker of markers) expect(text).not.toContain(marker);
  });

  it('scores a regression run by RMSE with a seeded bootstrap interval', async () => {
    const rows = ['a,b,y'];
    let state = 7;
    const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
    for (let i = 0; i < 400; i++) {
      const a = random() * 4;
      const b = random() * 4;
      rows.push(`${a.toFixed(4)},${b.toFixed(4)},${(10 + 3 * a - 2 * b + random() * 0.2).toFixed(4)}`);
    }
    const { versionId } = await registerCsv(handle, team.teamId, team.user.id, rows.join('\n') + '\n', { name: `linear ${uniqueSuffix()}`, target: 'y', taskKind: 'regression' });
    const split = await team.me.split.freeze({
      teamId: team.teamId,
      datasetVersionId: versionId,
      name: `linear ${uniqueSuffix()}`,
      definition: { strategy: 'random', fractions: { train: 0.7, dev: 0.15, test: 0.15 }, seed: 2 },
      humanLevelError: 0.1,
    });
    const { config } = await team.me.run.defaults({ teamId: team.teamId, splitId: split.id });
    const run = await trainedRun(member, team.teamId, split.id, config, 40);
    const { id } = await member.testEvaluation.request({ teamId: team.teamId, runId: run.id });
    const evaluation = await waitForResult(member, team.teamId, id);
    expect(evaluation).toMatchObject({ status: 'ok', result: { metric: 'rmse', testCount: 60, detail: { interval: 'bootstrap-percentile', resamples: 1000 } } });
    const { score, ciLow, ciHigh } = evaluation.result!;
    // The target's spread is about 4; a model that learned anything is well under it.
    expect(score!).toBeLessThan(2);
    expect(ciLow!).toBeLessThanOrEqual(score!);
    expect(ciHigh!).toBeGreaterThanOrEqual(score!);
  });

  it('does not spend the budget twice on one model: a retrained clone with the same seed gets the earlier score', async () => {
    const team = await moonsTeam(handle, 300);
    const config = { ...team.defaults, seed: 11 };
    const original = await trainedRun(team.me, team.teamId, team.splitId, config, 4);
    const first = await team.me.testEvaluation.request({ teamId: team.teamId, runId: original.id, reason: 'the one look' });
    expect(first.reused).toBe(false);
    // While it is being scored, and after, asking again returns it.
    expect(await team.me.testEvaluation.request({ teamId: team.teamId, runId: original.id })).toEqual({ id: first.id, reused: true });
    const scored = await waitForResult(team.me, team.teamId, first.id);
    expect(scored.status).toBe('ok');

    // The same config and seed train the same weights: the same model, already scored.
    const clone = await trainedRun(team.me, team.teamId, team.splitId, config, 4);
    const [a, b] = await Promise.all([original.id, clone.id].map((runId) => team.me.run.get({ teamId: team.teamId, runId })));
    expect(b!.weightsHash).toBe(a!.weightsHash);
    expect(await team.me.testEvaluation.request({ teamId: team.teamId, runId: clone.id })).toEqual({ id: first.id, reused: true });
    expect(await team.me.testEvaluation.get({ teamId: team.teamId, runId: clone.id })).toMatchObject({ id: first.id, runId: original.id, status: 'ok' });

    // Another seed is another model, and is scored (and counted) on its own.
    const other = await trainedRun(team.me, team.teamId, team.splitId, { ...config, seed: 12 }, 4);
    const second = await team.me.testEvaluation.request({ teamId: team.teamId, runId: other.id });
    expect(second).toMatchObject({ reused: false });
    expect(second.id).not.toBe(first.id);
    expect(await team.me.testEvaluation.budget({ teamId: team.teamId, splitId: team.splitId })).toMatchObject({ used: 2 });
    expect((await team.me.testEvaluation.list({ teamId: team.teamId, splitId: team.splitId, limit: 50 })).items).toHaveLength(2);
    await waitForResult(team.me, team.teamId, second.id);
  }, 180_000);
});

describe.runIf(testDatabaseUrl)('test budget under concurrency (PostgreSQL)', () => {
  let handle: DatabaseHandle;
  let worker: WorkerRuntime;

  beforeAll(async () => {
    handle = await openTestDatabase();
    worker = await startTestWorker(handle, 'concurrency-worker');
  });

  afterAll(async () => {
    await worker?.stop();
    await (await servicesFor(handle).boss()).stop({ graceful: false }).catch(() => undefined);
    await handle.close();
  });

  it('grants exactly 3 models of 4 under 20 concurrent requests against a budget of 3', async () => {
    const team = await moonsTeam(handle, 300);
    const models: { id: string }[] = [];
    for (const seed of [1, 2, 3, 4]) models.push(await trainedRun(team.me, team.teamId, team.splitId, { ...team.defaults, seed }, 5));
    await team.me.testEvaluation.setBudget({ teamId: team.teamId, splitId: team.splitId, maxEvaluations: 3, period: 'week' });
    // Twenty callers, five per model, each its own request through the API, all at once.
    const requests = Array.from({ length: 20 }, (_, i) => models[i % 4]!.id);
    const outcomes = await Promise.allSettled(requests.map((runId) => team.me.testEvaluation.request({ teamId: team.teamId, runId, reason: 'race' })));
    const granted = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [{ runId: requests[i]!, ...o.value }] : []));
    const refused = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [{ runId: requests[i]!, reason: o.reason as unknown }] : []));
    // Three models are scored once each; every other request for them gets that same evaluation.
    const evaluationIds = new Set(granted.map((g) => g.id));
    expect(evaluationIds.size).toBe(3);
    expect(granted).toHaveLength(15);
    expect(granted.filter((g) => !g.reused)).toHaveLength(3);
    for (const g of granted) expect(granted.filter((h) => h.runId === g.runId).every((h) => h.id === g.id)).toBe(true);
    // The fourth model found the budget spent, every time.
    expect(refused).toHaveLength(5);
    expect(new Set(refused.map((r) => r.runId)).size).toBe(1);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(TRPCError);
      expect((r.reason as TRPCError).code).toBe('TOO_MANY_REQUESTS');
      expect((r.reason as TRPCError).message).toMatch(/spent: 3 of 3 evaluations/);
    }
    const rows = await handle.db.select({ id: testEvaluations.id }).from(testEvaluations).where(eq(testEvaluations.splitId, team.splitId));
    expect(rows).toHaveLength(3);
    // And each granted one is answered exactly once.
    for (const id of evaluationIds) await waitForResult(team.me, team.teamId, id);
    const results = await handle.db.select({ id: testEvaluationResults.evaluationId }).from(testEvaluationResults).where(eq(testEvaluationResults.teamId, team.teamId));
    expect(results).toHaveLength(3);
  }, 180_000);

  it('shares one budget among every split of a dataset version: a cloned split gets no fresh budget', async () => {
    const team = await moonsTeam(handle, 300);
    const m = await join(handle, team.me, team.teamId, 'member');
    const run = await trainedRun(m.caller, team.teamId, team.splitId, team.defaults, 3);
    await team.me.testEvaluation.setBudget({ teamId: team.teamId, splitId: team.splitId, maxEvaluations: 0, period: 'total' });
    await expectTrpcError(m.caller.testEvaluation.request({ teamId: team.teamId, runId: run.id }), 'TOO_MANY_REQUESTS', /budget for this split is 0 evaluations/);
    // The attack: freeze "the same" split again (other fractions that give the same test rows, another seed).
    const split = await team.me.split.get({ teamId: team.teamId, splitId: team.splitId });
    const clone = await m.caller.split.freeze({
      teamId: team.teamId,
      datasetVersionId: split.datasetVersionId,
      name: `clone ${uniqueSuffix()}`,
      definition: { strategy: 'random', fractions: { train: 0.7, dev: 0.15000000001, test: 0.14999999999 }, seed: 99 },
      humanLevelError: null,
    });
    const cloneBudget = await m.caller.testEvaluation.budget({ teamId: team.teamId, splitId: clone.id });
    expect(cloneBudget).toMatchObject({ maxEvaluations: 0, remaining: 0, sharedBySplits: 2, isDefault: false });
    const cloneRun = await trainedRun(m.caller, team.teamId, clone.id, team.defaults, 3);
    await expectTrpcError(m.caller.testEvaluation.request({ teamId: team.teamId, runId: cloneRun.id }), 'TOO_MANY_REQUESTS', /0 evaluations \(shared by the 2 splits of this dataset version/);
    expect(await handle.db.select({ id: testEvaluations.id }).from(testEvaluations).where(eq(testEvaluations.teamId, team.teamId))).toHaveLength(0);

    // Raised once for the sealed set, spent through either split, and logged under both.
    await team.me.testEvaluation.setBudget({ teamId: team.teamId, splitId: clone.id, maxEvaluations: 1, period: 'total' });
    const { id } = await m.caller.testEvaluation.request({ teamId: team.teamId, runId: cloneRun.id, reason: 'through the clone' });
    await waitForResult(m.caller, team.teamId, id);
    await expectTrpcError(m.caller.testEvaluation.request({ teamId: team.teamId, runId: run.id }), 'TOO_MANY_REQUESTS', /spent.*1 of 1 evaluations in total/);
    for (const splitId of [team.splitId, clone.id]) {
      const log = await m.caller.testEvaluation.list({ teamId: team.teamId, splitId, limit: 50 });
      expect(log.items.map((e) => e.reason)).toEqual(['through the clone']);
    }
  }, 120_000);
});
