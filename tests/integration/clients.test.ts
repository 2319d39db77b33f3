import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { connect, HoldoutError } from '@/clients/typescript/holdout';
import { startApiServer } from '../support/api-server';
import { callerFor, makeUser, openTestDatabase } from '../support/test-database';
import { moonsTeam } from '../support/training';

const run = promisify(execFile);

/**
 * The clients in clients/ as their users run them: the TypeScript SDK in this process and the
 * Python client in a python3 process, both over real HTTP to the API handler, training a small
 * model on a frozen split's train rows and ranking on its dev rows through server-scored
 * predictions.
 */
describe('the TypeScript and Python clients', () => {
  let handle: DatabaseHandle;
  let server: Awaited<ReturnType<typeof startApiServer>>;
  let team: Awaited<ReturnType<typeof moonsTeam>>;
  let token: string;
  let spoolDir: string;

  beforeAll(async () => {
    handle = await openTestDatabase();
    server = await startApiServer(handle);
    team = await moonsTeam(handle, 400);
    const scripter = await makeUser(handle, 'Scripter');
    const { token: invite } = await team.me.invite.create({ teamId: team.teamId, role: 'member', expiresInDays: 1 });
    await callerFor(handle, scripter.id).invite.accept({ token: invite });
    token = (await callerFor(handle, scripter.id).apiToken.create({ teamId: team.teamId, name: 'ci', role: 'member' })).secret;
    spoolDir = await fs.mkdtemp(path.join(os.tmpdir(), 'holdout-spool-'));
  });

  afterAll(async () => {
    await server?.close();
    await handle.close();
    await fs.rm(spoolDir, { recursive: true, force: true });
  });

  it('TypeScript: downloads train and dev, fits, logs curves, submits dev predictions and is ranked', async () => {
    const holdout = connect({ url: server.url, token, spoolDir, flushIntervalMs: 50 });
    const train = await holdout.splitRows(team.splitId, 'train');
    const dev = await holdout.splitRows(team.splitId, 'dev');
    expect(train.columns).toEqual(['row', 'x1', 'x2', 'label']);
    // Nearest class centroid on (x1, x2): a real fit, small enough for a test.
    const labels = [...new Set(train.rows.map((r) => String(r[3])))].sort();
    const centroid = (label: string) => {
      const rows = train.rows.filter((r) => String(r[3]) === label);
      return [0, 1].map((j) => rows.reduce((s, r) => s + Number(r[j + 1]), 0) / rows.length);
    };
    const centroids = labels.map(centroid);
    const predict = (r: (string | number | null)[]) =>
      labels[centroids.map((c) => (Number(r[1]) - c[0]!) ** 2 + (Number(r[2]) - c[1]!) ** 2).reduce((best, d, i, all) => (d < all[best]! ? i : best), 0)]!;
    const run = await holdout.run({ split: team.splitId, name: 'centroids (ts)', config: { model: 'nearest-centroid' }, source: { framework: 'typescript sdk' } });
    for (let step = 1; step <= 5; step++) run.log({ loss: 1 / step, val_accuracy: 0.5 + step / 20 }, { step });
    await run.logParams({ distance: 'euclidean' });
    const score = await run.predictDev(dev.rows.map(predict));
    const truth = dev.rows.map((r) => String(r[3]));
    expect(score.accuracy).toBeCloseTo(dev.rows.filter((r, i) => predict(r) === truth[i]).length / dev.rows.length, 10);
    await run.uploadArtifact('model/centroids.json', JSON.stringify(centroids), 'application/json');
    await run.finish();

    const board = await holdout.leaderboard(team.splitId);
    expect(board.rows.find((r) => r.runId === run.id)).toMatchObject({ runName: 'centroids (ts)', score: score.accuracy });
    const logged = await team.me.externalRun.loggedMetrics({ teamId: team.teamId, runId: run.id });
    expect(logged.map((s) => [s.key, s.steps.length])).toEqual([
      ['loss', 5],
      ['val_accuracy', 5],
    ]);
  });

  it('TypeScript: spools batches while the server is unreachable and sends them on the next flush', async () => {
    const online = connect({ url: server.url, token, spoolDir, flushIntervalMs: 50 });
    const run = await online.run({ split: team.splitId, name: 'offline for a while' });
    // The same run, seen through an address where nothing listens (the server "went away").
    const offline = connect({ url: server.url.replace(/:\d+$/, ':9'), token, spoolDir, retries: 2, flushIntervalMs: 50 });
    await offline.teamId.catch(() => undefined);
    const { Run } = await import('@/clients/typescript/holdout');
    const stranded = new Run(offline, run.teamId, run.id, run.number);
    stranded.log({ loss: 0.9 }, { step: 1 });
    stranded.log({ loss: 0.8 }, { step: 2 });
    await stranded.flush();
    const files = (await fs.readdir(spoolDir)).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(1);
    const spooled = JSON.parse(await fs.readFile(path.join(spoolDir, files[0]!), 'utf8'));
    // Spooled under the address it was meant for, so the online client (same url) replays it.
    spooled.url = server.url;
    await fs.writeFile(path.join(spoolDir, files[0]!), JSON.stringify(spooled));
    run.log({ loss: 0.7 }, { step: 3 });
    await run.flush();
    expect((await fs.readdir(spoolDir)).filter((f) => f.endsWith('.json'))).toEqual([]);
    const logged = await team.me.externalRun.loggedMetrics({ teamId: team.teamId, runId: run.id });
    expect(logged).toEqual([{ key: 'loss', steps: [1, 2, 3], values: [0.9, 0.8, 0.7] }]);
    // Refusals are errors the script sees, naming the field.
    await expect(run.predictDev(['nope'])).rejects.toThrow(HoldoutError);
    await expect(run.predictDev(['nope'])).rejects.toThrow(/predictions: 1 predictions for \d+ dev rows/);
  });

  it('Python: the quick-start script (standard library only) trains, logs and ranks', async () => {
    const { stdout } = await run('python3', ['clients/python/quickstart.py', '--split', team.splitId, '--epochs', '15'], {
      env: { ...process.env, HOLDOUT_URL: server.url, HOLDOUT_TOKEN: token, HOME: spoolDir },
      timeout: 120_000,
    });
    const match = /run #(\d+): server-scored dev accuracy (\d\.\d+) on (\d+) rows/.exec(stdout);
    expect(match, stdout).not.toBeNull();
    const board = await team.me.leaderboard.get({ teamId: team.teamId, splitId: team.splitId });
    const row = board.rows.find((r) => r.runNumber === Number(match![1]));
    expect(row).toMatchObject({ runName: 'python quickstart', external: { source: { framework: 'python stdlib', script: 'clients/python/quickstart.py' } } });
    expect(row!.score).toBeCloseTo(Number(match![2]), 4);
    expect(row!.score).toBeGreaterThan(0.75); // Two moons, a linear boundary: well above chance.
    const logged = await team.me.externalRun.loggedMetrics({ teamId: team.teamId, runId: row!.runId });
    expect(logged.map((s) => s.key)).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(logged[1]!.steps).toHaveLength(15);
  });

  it('Python: the Keras callback logs each epoch’s logs and flushes at the end of training', async () => {
    const script = `
import sys; sys.path.insert(0, "clients/python")
import holdout
h = holdout.connect()
run = h.run(sys.argv[1], name="keras callback")
cb = holdout.KerasCallback(run)
for epoch in range(3):
    cb.on_epoch_end(epoch, {"loss": 1.0 / (epoch + 1), "val_accuracy": 0.6 + epoch / 10, "lr": float("nan")})
cb.on_train_end()
print(run.id)
try:
    run.log_params({"lr": float("nan")})
except ValueError as e:
    print("refused:", e)
`;
    const { stdout } = await run('python3', ['-c', script, team.splitId], { env: { ...process.env, HOLDOUT_URL: server.url, HOLDOUT_TOKEN: token, HOME: spoolDir }, timeout: 60_000 });
    const [runId] = stdout.trim().split('\n');
    const logged = await team.me.externalRun.loggedMetrics({ teamId: team.teamId, runId: runId! });
    expect(logged).toEqual([
      { key: 'loss', steps: [1, 2, 3], values: [1, 0.5, 1 / 3] },
      { key: 'val_accuracy', steps: [1, 2, 3], values: [0.6, 0.7, expect.closeTo(0.8, 10)] },
    ]);
    expect(stdout).toMatch(/refused: Out of range float values are not JSON compliant/);
  });
});
