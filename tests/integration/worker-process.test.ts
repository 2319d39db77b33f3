import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { runEpochs } from '@/db/schema';
import { loadServerEnv } from '@/server/shared/env';
import type { WorkerRuntime } from '@/workers/handler/worker-runtime';
import { followRun, moonsTeam, startTestWorker } from '../support/training';
import { openTestDatabase, servicesFor, testDatabaseUrl, testQueueSchema } from '../support/test-database';

const root = path.resolve(import.meta.dirname, '..', '..');

/** `npm run worker` as an operator starts it on another host: its own process, same PostgreSQL. */
function startWorkerProcess(name: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/cli.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: testDatabaseUrl, HOLDOUT_BLOB_DIR: loadServerEnv().blobDir, HOLDOUT_WORKER_NAME: name, HOLDOUT_QUEUE_SCHEMA: testQueueSchema },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`${name} ready`)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`worker exited with ${code}:\n${output}`)));
  });
}

const slow = { epochs: 5000, learningRate: 0.0001, earlyStopping: { enabled: false, metric: 'devLoss', patience: 10, restoreBest: false } };

describe.runIf(testDatabaseUrl)('a separate `npm run worker` process on PostgreSQL', () => {
  let handle: DatabaseHandle;
  let separate: ChildProcess | undefined;
  let local: WorkerRuntime | undefined;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => {
    separate?.kill('SIGKILL');
    await local?.stop();
    await (await servicesFor(handle).boss()).stop({ graceful: false }).catch(() => undefined);
    await handle.close();
  });

  it('trains a run launched from the web side to ≥ 0.95 dev accuracy', async () => {
    separate = await startWorkerProcess('separate-worker');
    const { me, teamId, splitId, defaults } = await moonsTeam(handle);
    const config = { ...defaults, hiddenLayers: [{ units: 32, activation: 'relu', dropout: 0 }, { units: 32, activation: 'relu', dropout: 0 }], learningRate: 0.01, batchSize: 32, epochs: 60 };
    const { id: runId } = await me.run.launch({ teamId, splitId, config });
    const messages = await followRun(me, teamId, runId);
    expect(messages.at(-1)!.run.status).toBe('succeeded');
    const run = await me.run.get({ teamId, runId });
    expect(run.workerName).toBe('separate-worker');
    expect(run.devAccuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('kill -9 of the worker process: the run ends failed ("worker lost"), never stuck running, epochs kept', async () => {
    const { me, teamId, splitId, defaults } = await moonsTeam(handle, 2000);
    const { id: runId } = await me.run.launch({ teamId, splitId, config: { ...defaults, ...slow } });
    let killed = false;
    const messages = await followRun(me, teamId, runId, (m) => {
      if (m.run.epochsDone >= 2 && !killed) {
        killed = true;
        separate!.kill('SIGKILL');
        // Another live worker notices the silence (any worker or web process reconciles).
        void startTestWorker(handle, 'survivor').then((w) => (local = w));
      }
    });
    const final = messages.at(-1)!.run;
    expect(final).toMatchObject({ status: 'failed', failureKind: 'worker_lost' });
    expect(final.failureReason).toMatch(/separate-worker training this run stopped responding/);
    const stored = await handle.db.select({ epoch: runEpochs.epoch }).from(runEpochs).where(eq(runEpochs.runId, runId));
    expect(stored.length).toBe(final.epochsDone);
    expect(stored.length).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
