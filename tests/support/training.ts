import { execFileSync } from 'node:child_process';
import type { DatabaseHandle } from '@/db/client';
import { startWorkerRuntime, type WorkerRuntime } from '@/workers/handler/worker-runtime';
import { afterAll, beforeAll } from 'vitest';
import { callerFor, makeUser, openTestDatabase, servicesFor, uniqueSuffix, testBlobs, testDatabaseUrl } from './test-database';

export async function startTestWorker(handle: DatabaseHandle, name = 'test-worker', pool: 'auto' | 'cpu' | 'gpu' = 'auto'): Promise<WorkerRuntime> {
  // On a PostgreSQL shared by test files, each file's sweeps are advanced by its own workers only (see superviseSweeps).
  return startWorkerRuntime({ db: handle.db, boss: await servicesFor(handle).boss(), blobs: testBlobs, name, kind: 'embedded', concurrency: 1, pool, superviseSweeps: !testDatabaseUrl });
}

/** A team with a two-moons dataset frozen 70/15/15, as most training tests need. */
export async function moonsTeam(handle: DatabaseHandle, rows = 600) {
  const user = await makeUser(handle, 'Trainer');
  const me = callerFor(handle, user.id);
  const team = await me.team.create({ name: 'Training', slug: `training-${uniqueSuffix()}` });
  const { versionId } = await me.dataset.addExample({ teamId: team.id, example: { type: 'generated', params: { kind: 'moons', rows, noise: 0.1, seed: 1, classes: 2 } } });
  const split = await me.split.freeze({
    teamId: team.id,
    datasetVersionId: versionId,
    name: `moons ${uniqueSuffix()}`,
    definition: { strategy: 'stratified', column: 'label', fractions: { train: 0.7, dev: 0.15, test: 0.15 }, seed: 1 },
    humanLevelError: 0.01,
  });
  const { config } = await me.run.defaults({ teamId: team.id, splitId: split.id });
  return { user, me, teamId: team.id, splitId: split.id, defaults: config };
}

/** Follows a run through its live subscription until it ends; returns every message seen. */
export async function followRun(me: ReturnType<typeof callerFor>, teamId: string, runId: string, onMessage?: (m: WatchMessage) => void) {
  const messages: WatchMessage[] = [];
  const stream = await me.run.watch({ teamId, runId });
  for await (const envelope of stream as AsyncIterable<unknown>) {
    const message = (Array.isArray(envelope) ? envelope[1] : (envelope as { data: unknown }).data ?? envelope) as WatchMessage;
    messages.push(message);
    onMessage?.(message);
  }
  return messages;
}

export interface WatchMessage {
  run: { status: string; epochsDone: number; devAccuracy: number | null; failureReason: string | null; failureKind: string | null };
  epochs: { epoch: number }[];
  logs: { id: number; message: string }[];
}

/**
 * Pids of this test process's own trainer children: never another file's or another
 * developer's trainers running on the same machine.
 */
export function trainerChildPids(): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((parts) => Number(parts[1]) === process.pid && parts.slice(2).join(' ').match(/workers\/trainer\/child\.ts|trainer-child\.cjs/))
    .map((parts) => Number(parts[0]));
}

/**
 * A database with a worker training on it, for one describe block: registers its own
 * beforeAll/afterAll and exposes the handle once ready.
 */
export function trainingEnvironment(): { readonly handle: DatabaseHandle } {
  let handle: DatabaseHandle | undefined;
  let worker: WorkerRuntime | undefined;
  beforeAll(async () => {
    handle = await openTestDatabase();
    worker = await startTestWorker(handle);
  });
  afterAll(async () => {
    await worker?.stop();
    if (!handle) return;
    await (await servicesFor(handle).boss()).stop({ graceful: false }).catch(() => undefined);
    await handle.close();
  });
  return {
    get handle() {
      if (!handle) throw new Error('trainingEnvironment() is used before its beforeAll ran');
      return handle;
    },
  };
}
