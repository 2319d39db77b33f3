/**
 * A warm embedded instance for benchmarks, as `npm start` runs one: PGlite in a fresh folder,
 * migrations, the queue, a local worker (its trainer children) and a signed-up user with a team,
 * driven through the API's own caller. `close()` stops everything and deletes the folder.
 * Import it dynamically after nothing else: it sets HOLDOUT_DATA_DIR before the modules load.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export async function openEmbeddedInstance(prefix: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `holdout-${prefix}-`));
  process.env.HOLDOUT_DATA_DIR = dataDir;
  const { openDatabase } = await import('@/db/client');
  const { migrateDatabase } = await import('@/db/migrate');
  const { createCaller } = await import('@/server/api/root');
  const { signUp } = await import('@/server/domain/accounts/accounts');
  const { assembleServices } = await import('@/server/shared/services');
  const { LocalBlobStore } = await import('@/server/shared/storage/local-blob-store');
  const { startWorkerRuntime } = await import('@/workers/handler/worker-runtime');

  const handle = await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'pgdata') });
  await migrateDatabase(handle, process.cwd());
  const services = assembleServices(handle, new LocalBlobStore(path.join(dataDir, 'blobs')), { boss: {} });
  const boss = await services.boss();
  const worker = await startWorkerRuntime({ db: handle.db, boss, blobs: services.blobs, name: 'bench', kind: 'embedded', concurrency: 1, pool: 'auto' });
  const user = await signUp(handle.db, { email: 'bench@example.com', name: 'Bench', password: 'a long bench password' });
  const me = createCaller({ db: handle.db, userId: user.id, sessionId: null, services });
  const team = await me.team.create({ name: 'Bench', slug: 'bench' });
  return {
    handle,
    worker,
    me,
    teamId: team.id,
    async close() {
      await worker.stop();
      await boss.stop({ graceful: false });
      await handle.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
