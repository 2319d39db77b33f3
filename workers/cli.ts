/**
 * `npm run worker`: trains runs from the shared PostgreSQL on this host.
 * `npm run worker -- --check`: prints what this host would train with, and exits.
 */
import { openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { assembleServices } from '../server/shared/services';
import { configOrExit } from '../server/shared/config-or-exit';
import { LocalBlobStore } from '../server/shared/storage/local-blob-store';
import { loadCheckEnv, loadWorkerEnv } from './env';
import { startWorkerRuntime, trainerThreads } from './handler/worker-runtime';
import { TrainerPool } from './handler/trainer-pool';

const check = process.argv.includes('--check');

if (check) {
  const env = configOrExit(() => loadCheckEnv());
  // The same backend and thread count the worker would give its trainers.
  const pool = new TrainerPool({ backend: env.backend === 'auto' ? undefined : env.backend, threads: trainerThreads(env.concurrency, env.trainerThreads) });
  try {
    const ready = await pool.probe();
    console.log(
      [
        `backend:       ${ready.backendChoice} (tfjs backend "${ready.backend}")`,
        `device:        ${ready.device}`,
        `gpu:           ${ready.gpu ? 'yes' : 'no'}`,
        `tfjs:          ${ready.tfjsVersion}${ready.nativeVersion ? ` (native ${ready.nativeVersion})` : ''}`,
        `pool:          ${ready.gpu ? 'gpu (serves GPU and CPU runs)' : 'cpu (serves CPU runs only)'}`,
        ...ready.skipped.map((s) => `not used:      ${s}`),
      ].join('\n'),
    );
  } catch (error) {
    console.error(`No training backend could start: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    await pool.close();
  }
} else {
  const env = configOrExit(() => loadWorkerEnv());
  const handle = await openDatabase({ kind: 'postgres', url: env.databaseUrl, maxConnections: 4 + env.concurrency });
  await migrateDatabase(handle, env.projectRoot);
  const services = assembleServices(handle, new LocalBlobStore(env.blobDir), { boss: { connectionString: env.databaseUrl, schema: env.queueSchema } });
  const runtime = await startWorkerRuntime({
    db: services.db,
    boss: await services.boss(),
    blobs: services.blobs,
    name: env.name,
    kind: 'standalone',
    concurrency: env.concurrency,
    pool: env.pool,
    backend: env.backend,
    trainerThreads: env.trainerThreads,
  });
  console.log(`[worker] ${env.name} ready: ${runtime.backend} on ${runtime.device}, ${runtime.pool} pool, concurrency ${env.concurrency}`);
  const stop = async (signal: string) => {
    console.log(`[worker] ${signal}: finishing and stopping`);
    await runtime.stop();
    await services.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
