import os from 'node:os';
import { getBoss, stopBoss } from '../server/shared/queue/boss';
import { getDatabase } from '../server/shared/database';
import type { ServerEnv } from '../server/shared/env';
import { failRunsInterruptedByRestart } from '../server/shared/runs/lifecycle';
import { getBlobStore } from '../server/shared/storage';
import { startWorkerRuntime, type WorkerRuntime } from './handler/worker-runtime';

let runtime: WorkerRuntime | null = null;

/**
 * The embedded default: the web process runs the train handler itself. Started by
 * `npm start` (not inside Next's bundle), so trainer children resolve from the source tree.
 */
export async function startEmbeddedWorker(env: ServerEnv): Promise<void> {
  const handle = await getDatabase();
  const boss = await getBoss(handle, { connectionString: env.database.kind === 'postgres' ? env.database.url : undefined, schema: env.queueSchema });
  if (env.database.kind === 'pglite') {
    // This process is the embedded database's only worker: whatever was running died with the last one.
    const interrupted = await failRunsInterruptedByRestart(handle.db);
    if (interrupted) console.log(`[holdout] marked ${interrupted} run(s) interrupted by the restart as failed`);
  }
  if (env.embeddedWorkerConcurrency === 0) return;
  runtime = await startWorkerRuntime({
    db: handle.db,
    boss,
    blobs: getBlobStore(),
    name: `${os.hostname()} (embedded)`,
    kind: 'embedded',
    concurrency: env.embeddedWorkerConcurrency,
    pool: 'auto',
    backend: env.tfjsBackend,
    trainerThreads: env.trainerThreads,
  });
  console.log(`[holdout] training worker ready: ${runtime.backend} on ${runtime.device} (${runtime.pool} pool)`);
}

export async function stopEmbeddedWorker(): Promise<void> {
  await runtime?.stop();
  runtime = null;
  await stopBoss();
}
