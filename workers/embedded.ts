import os from 'node:os';
import type { ServerEnv } from '../server/shared/env';
import { failRunsInterruptedByRestart } from '../server/shared/runs/lifecycle';
import type { Services } from '../server/shared/services';
import { startWorkerRuntime, type WorkerRuntime } from './handler/worker-runtime';

let runtime: WorkerRuntime | null = null;

/**
 * The embedded default: the web process runs the train handler itself, on the web process's
 * services. Started by `npm start` (not inside Next's bundle), so trainer children resolve from
 * the source tree.
 */
export async function startEmbeddedWorker(env: ServerEnv, services: Services): Promise<void> {
  const boss = await services.boss();
  if (env.database.kind === 'pglite') {
    // This process is the embedded database's only worker: whatever was running died with the last one.
    const interrupted = await failRunsInterruptedByRestart(services.db);
    if (interrupted) console.log(`[holdout] marked ${interrupted} run(s) interrupted by the restart as failed`);
  }
  if (env.embeddedWorkerConcurrency === 0) return;
  runtime = await startWorkerRuntime({
    db: services.db,
    boss,
    blobs: services.blobs,
    name: `${os.hostname()} (embedded)`,
    kind: 'embedded',
    concurrency: env.embeddedWorkerConcurrency,
    pool: 'auto',
    backend: env.tfjsBackend,
    trainerThreads: env.trainerThreads,
  });
  console.log(`[holdout] training worker ready: ${runtime.backend} on ${runtime.device} (${runtime.pool} pool)`);
}

/** Finishes the runs in hand; the services themselves are closed by their owner, the launcher. */
export async function stopEmbeddedWorker(): Promise<void> {
  await runtime?.stop();
  runtime = null;
}
