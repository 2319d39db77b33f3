import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { startApiServer } from '../support/api-server';
import { callerFor, makeUser, openTestDatabase } from '../support/test-database';
import { moonsTeam } from '../support/training';

/**
 * Holdout's MLflow tracking API, called with the requests MLflow's Python client (RestStore and the
 * mlflow-artifacts repository) sends for set_experiment, start_run, log_param(s), log_metric(s),
 * set_tag, log_artifact, end_run, get_run and search_runs: same paths, methods, bodies and
 * auth header. (The real client is not installable on these machines: no mlflow wheel in the
 * package index; see the issue note.)
 */
describe('the MLflow tracking API', () => {
  let handle: DatabaseHandle;
  let server: Awaited<ReturnType<typeof startApiServer>>;
  let team: Awaited<ReturnType<typeof moonsTeam>>;
  let token: string;
  let splitName: string;

  async function mlflow(method: 'GET' | 'POST', endpoint: string, payload?: Record<string, unknown>, auth = true) {
    const query = method === 'GET' && payload ? `?${new URLSearchParams(payload as Record<string, string>)}` : '';
    const response = await fetch(`${server.url}/api/2.0/mlflow/${endpoint}${query}`, {
      method,
      headers: { ...(auth ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json', 'user-agent': 'mlflow-python-client/3.1.0' },
      body: method === 'POST' ? JSON.stringify(payload ?? {}) : undefined,
    });
    return { status: response.status, json: (await response.json()) as Record<string, any> };
  }

  beforeAll(async () => {
    handle = await openTestDatabase();
    server = await startApiServer(handle);
    team = await moonsTeam(handle, 200);
    const user = await makeUser(handle, 'MLflow user');
    const { token: invite } = await team.me.invite.create({ teamId: team.teamId, role: 'member', expiresInDays: 1 });
    await callerFor(handle, user.id).invite.accept({ token: invite });
    token = (await callerFor(handle, user.id).apiToken.create({ teamId: team.teamId, name: 'mlflow', role: 'member' })).secret;
    splitName = (await team.me.split.get({ teamId: team.teamId, splitId: team.splitId })).name;
  });

  afterAll(async () => {
    await server?.close();
    await handle.close();
  });

  it('logs a whole MLflow script’s run into an external run on the split named by the experiment', async () => {
    // mlflow.set_experiment(name): get-by-name; a name that is no split is refused in words.
    const missing = await mlflow('GET', 'experiments/get-by-name', { experiment_name: 'my-experiment' });
    expect(missing).toMatchObject({ status: 404, json: { error_code: 'RESOURCE_DOES_NOT_EXIST' } });
    expect(missing.json.message).toMatch(/an MLflow experiment is a Holdout split/);
    const created = await mlflow('POST', 'experiments/create', { name: 'my-experiment' });
    expect(created.status).toBe(404);
    const experiment = await mlflow('GET', 'experiments/get-by-name', { experiment_name: splitName });
    expect(experiment.json.experiment).toMatchObject({ experiment_id: team.splitId, name: splitName, lifecycle_stage: 'active' });

    // mlflow.start_run(run_name=…)
    const start = await mlflow('POST', 'runs/create', {
      experiment_id: team.splitId,
      start_time: Date.now(),
      run_name: 'sklearn logistic',
      tags: [
        { key: 'mlflow.user', value: 'ada' },
        { key: 'mlflow.source.name', value: 'train.py' },
        { key: 'mlflow.source.git.commit', value: 'deadbeef' },
        { key: 'mlflow.runName', value: 'sklearn logistic' },
      ],
    });
    expect(start.status).toBe(200);
    const info = start.json.run.info;
    expect(info).toMatchObject({ experiment_id: team.splitId, status: 'RUNNING', run_name: 'sklearn logistic', artifact_uri: `mlflow-artifacts:/${team.splitId}/${info.run_id}/artifacts` });
    const runId = info.run_id as string;

    // log_param, log_params (log-batch), log_metric with steps, log_metric without a step (step 0), log_metrics.
    expect((await mlflow('POST', 'runs/log-parameter', { run_id: runId, run_uuid: runId, key: 'C', value: '1.0' })).status).toBe(200);
    expect((await mlflow('POST', 'runs/log-batch', { run_id: runId, params: [{ key: 'penalty', value: 'l2' }], metrics: [], tags: [] })).status).toBe(200);
    for (let step = 1; step <= 3; step++) {
      expect((await mlflow('POST', 'runs/log-metric', { run_id: runId, run_uuid: runId, key: 'loss', value: 1 / step, timestamp: Date.now(), step })).status).toBe(200);
    }
    // The client retries on a timeout: the same point again is not stored twice.
    await mlflow('POST', 'runs/log-metric', { run_id: runId, key: 'loss', value: 1 / 3, timestamp: Date.now(), step: 3 });
    for (const value of [0.7, 0.75, 0.8]) await mlflow('POST', 'runs/log-metric', { run_id: runId, key: 'val_accuracy', value, timestamp: Date.now(), step: 0 });
    const batch = await mlflow('POST', 'runs/log-batch', {
      run_id: runId,
      metrics: [
        { key: 'loss', value: 0.2, timestamp: Date.now(), step: 4 },
        { key: 'f1', value: 0.66, timestamp: Date.now(), step: 4 },
      ],
      params: [],
      tags: [{ key: 'team', value: 'splines' }],
    });
    expect(batch.status).toBe(200);
    // set_tag, and a changed param is refused as MLflow refuses it.
    expect((await mlflow('POST', 'runs/set-tag', { run_id: runId, run_uuid: runId, key: 'mlflow.note.content', value: 'first try' })).status).toBe(200);
    const changed = await mlflow('POST', 'runs/log-parameter', { run_id: runId, key: 'C', value: '2.0' });
    expect(changed).toMatchObject({ status: 400, json: { error_code: 'INVALID_PARAMETER_VALUE' } });
    const nan = await mlflow('POST', 'runs/log-metric', { run_id: runId, key: 'loss', value: 'NaN', timestamp: Date.now(), step: 9 });
    expect(nan.json).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringMatching(/finite numbers only/) });

    // log_artifact: the mlflow-artifacts proxy, then its listing.
    const put = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/${team.splitId}/${runId}/artifacts/model/coef.txt`, { method: 'PUT', headers: { authorization: `Bearer ${token}` }, body: '0.1 0.2' });
    expect(put.status).toBe(200);
    const listed = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(`${team.splitId}/${runId}/artifacts/model`)}`, { headers: { authorization: `Bearer ${token}` } });
    expect(await listed.json()).toEqual({ files: [{ path: 'coef.txt', is_dir: false, file_size: '7' }] });
    const got = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/${team.splitId}/${runId}/artifacts/model/coef.txt`, { headers: { authorization: `Bearer ${token}` } });
    expect(await got.text()).toBe('0.1 0.2');

    // mlflow.end_run(): FINISHED, then get_run and search_runs read it back.
    const end = await mlflow('POST', 'runs/update', { run_id: runId, run_uuid: runId, status: 'FINISHED', end_time: Date.now() });
    expect(end.json.run_info).toMatchObject({ status: 'FINISHED' });
    const run = (await mlflow('GET', 'runs/get', { run_id: runId })).json.run;
    expect(run.data.params).toEqual(expect.arrayContaining([{ key: 'C', value: '1.0' }, { key: 'penalty', value: 'l2' }]));
    expect(run.data.metrics).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'loss', value: 0.2, step: '4' }), expect.objectContaining({ key: 'val_accuracy', value: 0.8, step: '2' })]));
    expect(run.data.tags).toEqual(expect.arrayContaining([{ key: 'mlflow.user', value: 'ada' }, { key: 'team', value: 'splines' }, { key: 'mlflow.runName', value: 'sklearn logistic' }]));
    const history = (await mlflow('GET', 'metrics/get-history', { run_id: runId, metric_key: 'loss' })).json.metrics;
    expect(history.map((m: { step: string; value: number }) => [Number(m.step), m.value])).toEqual([[1, 1], [2, 0.5], [3, 1 / 3], [4, 0.2]]);
    const found = await mlflow('POST', 'runs/search', { experiment_ids: [team.splitId], max_results: 10 });
    expect(found.json.runs.map((r: { info: { run_id: string } }) => r.info.run_id)).toContain(runId);

    // In Holdout: an external run, marked mlflow, self-reported curves, not ranked.
    const inHoldout = await team.me.run.get({ teamId: team.teamId, runId });
    expect(inHoldout).toMatchObject({ origin: 'external', status: 'succeeded', name: 'sklearn logistic', source: { framework: 'mlflow', 'mlflow.source.git.commit': 'deadbeef' }, params: { C: '1.0', penalty: 'l2' } });
    const logged = await team.me.externalRun.loggedMetrics({ teamId: team.teamId, runId });
    expect(logged.find((s) => s.key === 'val_accuracy')).toEqual({ key: 'val_accuracy', steps: [0, 1, 2], values: [0.7, 0.75, 0.8] });
    const board = await team.me.leaderboard.get({ teamId: team.teamId, splitId: team.splitId });
    expect(board.rows.find((r) => r.runId === runId)).toBeUndefined();
  });

  it('refuses an MLflow client without a token, or with another team’s run, in MLflow’s error shape', async () => {
    expect(await mlflow('GET', 'experiments/get-by-name', { experiment_name: splitName }, false)).toMatchObject({ status: 401, json: { error_code: 'UNAUTHENTICATED' } });
    const other = await moonsTeam(handle, 120);
    const foreign = await other.me.externalRun.create({ teamId: other.teamId, splitId: other.splitId, name: 'theirs', config: {}, tags: [], source: {} });
    expect(await mlflow('GET', 'runs/get', { run_id: foreign.id })).toMatchObject({ status: 404, json: { error_code: 'RESOURCE_DOES_NOT_EXIST' } });
    expect((await mlflow('POST', 'runs/log-metric', { run_id: foreign.id, key: 'loss', value: 1, step: 1 })).status).toBe(404);
    expect(await mlflow('POST', 'runs/delete', { run_id: foreign.id })).toMatchObject({ status: 404, json: { error_code: 'ENDPOINT_NOT_FOUND' } });
    // A viewer's token reads but never writes, on every writing endpoint.
    const viewer = await makeUser(handle, 'MLflow viewer');
    const { token: invite } = await team.me.invite.create({ teamId: team.teamId, role: 'viewer', expiresInDays: 1 });
    await callerFor(handle, viewer.id).invite.accept({ token: invite });
    const memberToken = token;
    token = (await callerFor(handle, viewer.id).apiToken.create({ teamId: team.teamId, name: 'read', role: 'viewer' })).secret;
    try {
      expect((await mlflow('GET', 'experiments/get-by-name', { experiment_name: splitName })).status).toBe(200);
      for (const endpoint of ['experiments/create', 'runs/create', 'runs/update', 'runs/log-metric', 'runs/log-parameter', 'runs/set-tag', 'runs/log-batch']) {
        expect(await mlflow('POST', endpoint, { experiment_id: team.splitId, run_id: foreign.id }), endpoint).toMatchObject({ status: 403, json: { error_code: 'PERMISSION_DENIED' } });
      }
    } finally {
      token = memberToken;
    }
  });
});
