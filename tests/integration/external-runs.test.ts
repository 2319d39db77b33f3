import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { eq, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { apiTokens, runMetricPoints, testEvaluations } from '@/db/schema';
import { handleApiV1 } from '@/server/api/http-v1/handler';
import { TokenRateLimiter } from '@/server/api/http-v1/rate-limit';
import { expectTrpcError } from '../support/expect-error';
import { callerFor, makeUser, openTestDatabase, servicesFor, uniqueSuffix } from '../support/test-database';
import { moonsTeam } from '../support/training';

/**
 * The HTTP API as a script sees it: real Fetch requests into the /api/v1 handler (the same function
 * the Next route calls), with tokens created through the account procedures, on PGlite and on
 * PostgreSQL. No mocks: the split is frozen, the predictions are scored, the budget is spent.
 */
type Caller = ReturnType<typeof callerFor>;

interface CsvTable {
  header: string[];
  rows: string[][];
}

function parseCsv(text: string): CsvTable {
  const [head, ...lines] = text.trim().split('\n');
  return { header: head!.split(','), rows: lines.map((l) => l.split(',')) };
}

describe('external runs through the HTTP API', () => {
  let handle: DatabaseHandle;
  let team: Awaited<ReturnType<typeof moonsTeam>>;
  let memberToken: string;
  let viewerToken: string;
  let viewer: Caller;
  let outsiderSplit: { teamId: string; splitId: string };
  let runId: string;
  let devLabels: string[];

  async function api(method: string, path: string, options: { token?: string | null; json?: unknown; body?: BodyInit; headers?: Record<string, string>; limiter?: TokenRateLimiter } = {}) {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? memberToken : options.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const response = await handleApiV1(new Request(`http://holdout.test/api/v1${path}`, { method, headers, body, duplex: 'half' } as RequestInit), servicesFor(handle), {
      rateLimiter: options.limiter ?? new TokenRateLimiter(1000, 1000),
    });
    const type = response.headers.get('content-type') ?? '';
    const data = type.includes('json') ? await response.json() : type.includes('arrow') ? new Uint8Array(await response.arrayBuffer()) : await response.text();
    return { status: response.status, data, headers: response.headers };
  }

  beforeAll(async () => {
    handle = await openTestDatabase();
    team = await moonsTeam(handle, 300);
    const member = await makeUser(handle, 'Scripter');
    const viewerUser = await makeUser(handle, 'Reader');
    for (const [user, role] of [
      [member, 'member'],
      [viewerUser, 'viewer'],
    ] as const) {
      const { token } = await team.me.invite.create({ teamId: team.teamId, role, expiresInDays: 1 });
      await callerFor(handle, user.id).invite.accept({ token });
    }
    viewer = callerFor(handle, viewerUser.id);
    memberToken = (await callerFor(handle, member.id).apiToken.create({ teamId: team.teamId, name: 'laptop', role: 'member' })).secret;
    viewerToken = (await viewer.apiToken.create({ teamId: team.teamId, name: 'dashboards', role: 'viewer' })).secret;
    const other = await moonsTeam(handle, 120);
    outsiderSplit = { teamId: other.teamId, splitId: other.splitId };
  });

  afterAll(async () => {
    await handle.close();
  });

  it('tokens: shown once, stored hashed, capped at the creator’s role, listed with a prefix only', async () => {
    await expectTrpcError(viewer.apiToken.create({ teamId: team.teamId, name: 'sneaky', role: 'member' }), 'FORBIDDEN', /can't have more rights than you/);
    await expectTrpcError(viewer.apiToken.create({ teamId: outsiderSplit.teamId, name: 'elsewhere', role: 'viewer' }), 'NOT_FOUND', /not a member/);
    expect(memberToken).toMatch(/^hld_[A-Za-z0-9_-]{43}$/);
    const stored = await handle.db.select().from(apiTokens);
    expect(stored.some((t) => JSON.stringify(t).includes(memberToken))).toBe(false);
    const listed = await viewer.apiToken.list();
    expect(listed).toEqual([expect.objectContaining({ name: 'dashboards', role: 'viewer', prefix: viewerToken.slice(0, 10), lastUsedAt: null })]);
    expect(JSON.stringify(listed)).not.toContain(viewerToken);
  });

  it('refuses requests without a valid token, and another team’s ids are not found', async () => {
    expect((await api('GET', '/teams', { token: null })).status).toBe(401);
    const bad = await api('GET', '/teams', { token: 'hld_not-a-real-token' });
    expect(bad.status).toBe(401);
    expect(bad.data.error.message).toMatch(/not known here/);
    const teams = await api('GET', '/teams');
    expect(teams.data).toEqual([expect.objectContaining({ id: team.teamId, role: 'member' })]);
    const foreign = await api('GET', `/teams/${outsiderSplit.teamId}/splits/${outsiderSplit.splitId}`);
    expect(foreign.status).toBe(404);
    const foreignData = await api('GET', `/teams/${outsiderSplit.teamId}/splits/${outsiderSplit.splitId}/data/train`);
    expect(foreignData.status).toBe(404);
    expect((await api('GET', '/nowhere')).status).toBe(404);
    expect((await api('DELETE', `/teams/${team.teamId}/runs`)).status).toBe(405);
  });

  it('downloads train and dev with labels and test with features only, as CSV and as Arrow', async () => {
    const split = await api('GET', `/teams/${team.teamId}/splits/${team.splitId}`);
    expect(split.status).toBe(200);
    const train = parseCsv((await api('GET', `/teams/${team.teamId}/splits/${team.splitId}/data/train`)).data);
    const dev = parseCsv((await api('GET', `/teams/${team.teamId}/splits/${team.splitId}/data/dev`)).data);
    const test = parseCsv((await api('GET', `/teams/${team.teamId}/splits/${team.splitId}/data/test`)).data);
    expect(train.header).toEqual(['row', 'x1', 'x2', 'label']);
    expect(dev.header).toEqual(['row', 'x1', 'x2', 'label']);
    expect(test.header).toEqual(['row', 'x1', 'x2']);
    expect(test.rows.every((r) => r.length === 2 + 1)).toBe(true);
    expect(train.rows.length + dev.rows.length + test.rows.length).toBe(300);
    expect(dev.rows.length).toBe(split.data.devCount);
    const rowsOf = (t: CsvTable) => t.rows.map((r) => Number(r[0]));
    expect(rowsOf(dev)).toEqual([...rowsOf(dev)].sort((a, b) => a - b));
    expect(new Set([...rowsOf(train), ...rowsOf(dev)]).size).toBe(train.rows.length + dev.rows.length);
    devLabels = dev.rows.map((r) => r[3]!);

    const arrow = await api('GET', `/teams/${team.teamId}/splits/${team.splitId}/data/test?format=arrow`);
    expect(arrow.headers.get('content-type')).toBe('application/vnd.apache.arrow.file');
    const table = tableFromIPC(arrow.data as Uint8Array);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['row', 'x1', 'x2']);
    expect(table.numRows).toBe(test.rows.length);
    const devArrow = tableFromIPC((await api('GET', `/teams/${team.teamId}/splits/${team.splitId}/data/dev?format=arrow`)).data as Uint8Array);
    expect(devArrow.getChild('label')!.toArray().slice(0, 5)).toEqual(devLabels.slice(0, 5));

    const badPart = await api('GET', `/teams/${team.teamId}/splits/${team.splitId}/data/everything`);
    expect(badPart.status).toBe(400);
    expect(badPart.data.error.message).toMatch(/part: train, dev or test/);
  });

  it('creates an external run and logs metric batches idempotently, refusing what would corrupt them', async () => {
    const created = await api('POST', `/teams/${team.teamId}/runs`, {
      json: { splitId: team.splitId, name: 'torch mlp 64', config: { lr: 0.001, hidden: [64] }, tags: ['pytorch'], source: { framework: 'pytorch 2.5', gitCommit: 'abc123' } },
    });
    expect(created.status).toBe(201);
    runId = created.data.id;
    const points = Array.from({ length: 20 }, (_, i) => [
      { key: 'loss', step: i, value: 1 / (i + 1) },
      { key: 'dev_accuracy', step: i, value: 0.99 },
    ]).flat();
    const first = await api('POST', `/teams/${team.teamId}/runs/${runId}/metrics`, { json: { points } });
    expect(first.data).toEqual({ accepted: 40, alreadyLogged: 0 });
    const retried = await api('POST', `/teams/${team.teamId}/runs/${runId}/metrics`, { json: { points } });
    expect(retried.data).toEqual({ accepted: 0, alreadyLogged: 40 });
    const [{ n }] = (await handle.db.select({ n: sql<number>`count(*)::int` }).from(runMetricPoints).where(eq(runMetricPoints.runId, runId))) as [{ n: number }];
    expect(n).toBe(40);

    const backwards = await api('POST', `/teams/${team.teamId}/runs/${runId}/metrics`, { json: { points: [{ key: 'loss', step: 25, value: 0.1 }, { key: 'loss', step: 24, value: 0.1 }] } });
    expect(backwards.status).toBe(400);
    expect(backwards.data.error.message).toMatch(/points\[1\]: step 24 of "loss" comes after step 25/);
    const rewritten = await api('POST', `/teams/${team.teamId}/runs/${runId}/metrics`, { json: { points: [{ key: 'loss', step: 3, value: 42 }] } });
    expect(rewritten.status).toBe(409);
    expect(rewritten.data.error.message).toMatch(/"loss" at step 3 is already logged/);
    const late = await api('POST', `/teams/${team.teamId}/runs/${runId}/metrics`, { json: { points: [{ key: 'loss', step: 30, value: 0.01 }, { key: 'newkey', step: 0, value: 1 }, { key: 'loss', step: 29.5, value: 1 }] } });
    expect(late.status).toBe(400);
    expect(late.data.error.message).toMatch(/points\.2\.step/);
    const nan = await api('POST', `/teams/${team.teamId}/runs/${runId}/metrics`, { body: '{"points":[{"key":"loss","step":40,"value":NaN}]}', headers: { 'content-type': 'application/json' } });
    expect(nan.status).toBe(400);
    expect(nan.data.error.message).toMatch(/NaN and Infinity are not JSON/);
    const tooMany = await api('POST', `/teams/${team.teamId}/runs/${runId}/metrics`, { json: { points: Array.from({ length: 10_001 }, (_, i) => ({ key: 'x', step: i, value: 0 })) } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.data.error.message).toMatch(/at most 10000 points per batch/);
    // Nothing of the refused batches was stored.
    const logged = await api('GET', `/teams/${team.teamId}/runs/${runId}/metrics`);
    expect(logged.data.map((s: { key: string }) => s.key).sort()).toEqual(['dev_accuracy', 'loss']);
    expect(logged.data.find((s: { key: string }) => s.key === 'loss').steps).toHaveLength(20);

    const params = await api('POST', `/teams/${team.teamId}/runs/${runId}/params`, { json: { params: { optimizer: 'adam', lr: 0.001 } } });
    expect(params.data).toEqual({ params: 3 });
    const changed = await api('POST', `/teams/${team.teamId}/runs/${runId}/params`, { json: { params: { lr: 0.1 } } });
    expect(changed.status).toBe(409);
    expect(changed.data.error.message).toMatch(/params\.lr: already logged as 0\.001/);
  });

  it('scores dev predictions on the server; logged metrics never rank', async () => {
    const short = await api('POST', `/teams/${team.teamId}/runs/${runId}/dev-predictions`, { json: { predictions: devLabels.slice(1) } });
    expect(short.status).toBe(400);
    expect(short.data.error.message).toMatch(new RegExp(`${devLabels.length - 1} predictions for ${devLabels.length} dev rows`));
    const unknown = await api('POST', `/teams/${team.teamId}/runs/${runId}/dev-predictions`, { json: { predictions: devLabels.map((l, i) => (i === 7 ? 'banana' : l)) } });
    expect(unknown.status).toBe(400);
    expect(unknown.data.error.message).toMatch(/predictions\[7\]: "banana" is not a class/);

    // Three rows in ten wrong: the server's 70 %, not the 99 % the script logged.
    const classes = [...new Set(devLabels)].sort();
    const predictions = devLabels.map((label, i) => (i % 10 < 3 ? classes.find((c) => c !== label)! : label));
    const scored = await api('POST', `/teams/${team.teamId}/runs/${runId}/dev-predictions`, { json: { predictions } });
    expect(scored.status).toBe(200);
    const expected = predictions.filter((p, i) => p === devLabels[i]).length / devLabels.length;
    expect(scored.data.accuracy).toBeCloseTo(expected, 10);

    const running = await viewer.leaderboard.get({ teamId: team.teamId, splitId: team.splitId });
    expect(running.rows.find((r) => r.runId === runId)).toBeUndefined();
    const finished = await api('POST', `/teams/${team.teamId}/runs/${runId}/status`, { json: { status: 'succeeded' } });
    expect(finished.data).toEqual({ status: 'succeeded' });
    expect((await api('POST', `/teams/${team.teamId}/runs/${runId}/status`, { json: { status: 'succeeded' } })).data).toEqual({ status: 'succeeded' });
    const board = await viewer.leaderboard.get({ teamId: team.teamId, splitId: team.splitId });
    const row = board.rows.find((r) => r.runId === runId);
    expect(row).toMatchObject({ score: expected, runName: 'torch mlp 64' });
    expect(row!.ci!.lower).toBeLessThan(expected);

    const run = await viewer.run.get({ teamId: team.teamId, runId });
    expect(run).toMatchObject({ origin: 'external', config: null, params: { lr: 0.001, hidden: [64], optimizer: 'adam' }, source: { framework: 'pytorch 2.5' }, devAccuracy: expected, tags: ['pytorch'] });
    // In compare, its logged curves overlay built-in runs' (Keras and PyTorch names map to the same curves).
    const [curves] = await viewer.run.compare({ teamId: team.teamId, runIds: [runId] });
    expect(curves).toMatchObject({ runId, points: 20 });
    expect(Object.keys(curves!.metrics)).toEqual(['devAccuracy']);
    const packed = Buffer.from(curves!.trainLoss, 'base64');
    expect(new Float32Array(packed.buffer, packed.byteOffset, packed.length / 4)[1]).toBeCloseTo(0.5, 6);
    const after = await api('POST', `/teams/${team.teamId}/runs/${runId}/metrics`, { json: { points: [{ key: 'loss', step: 99, value: 0 }] } });
    expect(after.status).toBe(412);
    expect(after.data.error.message).toMatch(/is succeeded: a finished run takes no more reports/);
  });

  it('test predictions spend the sealed budget once, are audited, and give back only the score', async () => {
    const testRows = parseCsv((await api('GET', `/teams/${team.teamId}/splits/${team.splitId}/data/test`)).data).rows.length;
    const budgetBefore = await viewer.testEvaluation.budget({ teamId: team.teamId, splitId: team.splitId });
    const wrongCount = await api('POST', `/teams/${team.teamId}/runs/${runId}/test-evaluations`, { json: { predictions: ['0'] } });
    expect(wrongCount.status).toBe(400);
    expect(wrongCount.data.error.message).toMatch(new RegExp(`1 predictions for ${testRows} test rows`));
    const viewerTry = await api('POST', `/teams/${team.teamId}/runs/${runId}/test-evaluations`, { token: viewerToken, json: { predictions: Array(testRows).fill(devLabels[0]) } });
    expect(viewerTry.status).toBe(403);
    expect((await viewer.testEvaluation.budget({ teamId: team.teamId, splitId: team.splitId })).used).toBe(budgetBefore.used);

    const classes = [...new Set(devLabels)].sort();
    const predictions = Array.from({ length: testRows }, (_, i) => classes[i % classes.length]!);
    const first = await api('POST', `/teams/${team.teamId}/runs/${runId}/test-evaluations`, { json: { predictions, reason: 'final estimate' } });
    expect(first.status).toBe(200);
    expect(first.data).toMatchObject({ reused: false, outcome: 'ok', metric: 'accuracy', testCount: testRows });
    expect(first.data.score).toBeGreaterThanOrEqual(0);
    expect(Object.keys(first.data).sort()).toEqual(['ciHigh', 'ciLow', 'error', 'evaluationId', 'metric', 'outcome', 'reused', 'score', 'testCount']);
    const again = await api('POST', `/teams/${team.teamId}/runs/${runId}/test-evaluations`, { json: { predictions } });
    expect(again.data).toMatchObject({ reused: true, evaluationId: first.data.evaluationId, score: first.data.score });
    const budgetAfter = await viewer.testEvaluation.budget({ teamId: team.teamId, splitId: team.splitId });
    expect(budgetAfter.used).toBe(budgetBefore.used + 1);
    const audit = await handle.db.select().from(testEvaluations).where(eq(testEvaluations.runId, runId));
    expect(audit).toEqual([expect.objectContaining({ reason: 'final estimate', modelHash: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
  });

  it('a viewer token reads but cannot report; a revoked token stops at once', async () => {
    expect((await api('GET', `/teams/${team.teamId}/runs/${runId}`, { token: viewerToken })).status).toBe(200);
    const create = await api('POST', `/teams/${team.teamId}/runs`, { token: viewerToken, json: { splitId: team.splitId } });
    expect(create.status).toBe(403);
    const [listed] = await viewer.apiToken.list();
    expect(listed!.lastUsedAt).not.toBeNull();
    await viewer.apiToken.revoke({ tokenId: listed!.id });
    const revoked = await api('GET', '/teams', { token: viewerToken });
    expect(revoked.status).toBe(401);
    expect(revoked.data.error.message).toMatch(/revoked/);
  });

  it('limits each token’s request rate with a Retry-After', async () => {
    const limiter = new TokenRateLimiter(1, 2);
    expect((await api('GET', '/teams', { limiter })).status).toBe(200);
    expect((await api('GET', '/teams', { limiter })).status).toBe(200);
    const third = await api('GET', '/teams', { limiter });
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('stores artifacts of an external run and serves them back; hostile paths are refused', async () => {
    const run = await api('POST', `/teams/${team.teamId}/runs`, { json: { splitId: team.splitId, name: 'with files' } });
    const put = await api('PUT', `/teams/${team.teamId}/runs/${run.data.id}/artifacts/plots/loss.txt`, { body: 'loss went down', headers: { 'content-type': 'text/plain' } });
    expect(put.status).toBe(201);
    expect(put.data).toMatchObject({ path: 'plots/loss.txt', sizeBytes: 14, contentType: 'text/plain' });
    const list = await api('GET', `/teams/${team.teamId}/runs/${run.data.id}/artifacts`);
    expect(list.data).toEqual([expect.objectContaining({ path: 'plots/loss.txt', sizeBytes: 14 })]);
    const got = await api('GET', `/teams/${team.teamId}/runs/${run.data.id}/artifacts/plots/loss.txt`);
    expect(got.data).toBe('loss went down');
    const escape = await api('PUT', `/teams/${team.teamId}/runs/${run.data.id}/artifacts/plots/..%2Fsecret`, { body: 'x' });
    expect(escape.status).toBe(400);
    expect(escape.data.error.message).toMatch(/"\." and "\.\." segments/);
    const builtin = await team.me.run.launch({ teamId: team.teamId, splitId: team.splitId, config: { ...team.defaults, epochs: 1 } });
    const onBuiltin = await api('PUT', `/teams/${team.teamId}/runs/${builtin.id}/artifacts/a.txt`, { body: 'x' });
    expect(onBuiltin.status).toBe(412);
  });

  it('imports Keras CSVLogger and TensorBoard files into a run (preview first, then idempotently), refusing a corrupt file', async () => {
    const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '../fixtures/imports', name));
    const run = await api('POST', `/teams/${team.teamId}/runs`, { json: { splitId: team.splitId, name: 'imported' } });
    const form = () => {
      const data = new FormData();
      data.append('file', new Blob([fixture('keras-csvlogger.csv')]), 'keras-csvlogger.csv');
      data.append('file', new Blob([fixture('tensorboardx.tfevents')]), 'events.out.tfevents.tbx');
      return data;
    };
    const route = `/teams/${team.teamId}/runs/${run.data.id}/imports`;
    const preview = await api('POST', `${route}?preview=true`, { body: form() });
    expect(preview.status).toBe(200);
    expect(preview.data.tags.map((t: { key: string; curve: string | null; points: number }) => [t.key, t.curve, t.points])).toEqual([
      ['accuracy', 'trainAccuracy', 4],
      ['dev/loss', 'devLoss', 10],
      ['loss', 'trainLoss', 4],
      ['train/loss', 'trainLoss', 10],
      ['val_accuracy', 'devAccuracy', 4],
      ['val_loss', 'devLoss', 4],
    ]);
    expect(preview.data.accepted).toBe(0);
    expect((await api('GET', `/teams/${team.teamId}/runs/${run.data.id}/metrics`)).data).toEqual([]);
    const imported = await api('POST', route, { body: form() });
    expect(imported.data).toMatchObject({ accepted: 36, alreadyLogged: 0 });
    expect((await api('POST', route, { body: form() })).data).toMatchObject({ accepted: 0, alreadyLogged: 36 });
    const single = await api('POST', `${route}?name=training.log&format=keras-csv`, { body: fixture('keras-csvlogger.csv') });
    expect(single.data).toMatchObject({ accepted: 0, alreadyLogged: 16 });
    const broken = fixture('tensorboardx.tfevents').subarray(0, 200);
    const refused = await api('POST', `${route}?name=events.out.tfevents.cut`, { body: broken });
    expect(refused.status).toBe(400);
    expect(refused.data.error.message).toMatch(/^events\.out\.tfevents\.cut: record \d+ is cut short/);
  });

  it('serves an OpenAPI document generated from the procedures’ own schemas', async () => {
    const doc = await api('GET', '/openapi.json', { token: null });
    expect(doc.status).toBe(200);
    expect(doc.data.openapi).toBe('3.1.0');
    const metrics = doc.data.paths['/teams/{teamId}/runs/{runId}/metrics'];
    expect(Object.keys(metrics).sort()).toEqual(['get', 'post']);
    const body = metrics.post.requestBody.content['application/json'].schema;
    const points = body.properties?.points ?? doc.data.components?.schemas?.[String(body.$ref).split('/').pop()!]?.properties?.points;
    expect(points.maxItems).toBe(10_000);
    expect(Object.keys(doc.data.paths)).toContain('/teams/{teamId}/splits/{splitId}/data/{part}');
  });

  it('a person can cancel an external run from the page; its script is then refused', async () => {
    const run = await api('POST', `/teams/${team.teamId}/runs`, { json: { splitId: team.splitId, name: `to cancel ${uniqueSuffix()}` } });
    await team.me.run.cancel({ teamId: team.teamId, runId: run.data.id });
    expect((await viewer.run.get({ teamId: team.teamId, runId: run.data.id })).status).toBe('cancelled');
    const refused = await api('POST', `/teams/${team.teamId}/runs/${run.data.id}/metrics`, { json: { points: [{ key: 'loss', step: 0, value: 1 }] } });
    expect(refused.status).toBe(412);
    expect(refused.data.error.message).toMatch(/is cancelled/);
  });
});
