import { openDatabase, type DatabaseHandle } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { acquireDataDirLock } from './data-dir-lock';
import { loadServerEnv } from './env';

/**
 * The process-wide database. Cached on globalThis because the start script and Next's
 * bundled route handlers are separate module graphs in one process and must share it.
 */
const KEY = Symbol.for('holdout.database');
type Cache = { [KEY]?: Promise<DatabaseHandle> };

export function getDatabase(): Promise<DatabaseHandle> {
  const cache = globalThis as Cache;
  cache[KEY] ??= open().catch((error: unknown) => {
    delete cache[KEY];
    throw error;
  });
  return cache[KEY];
}

async function open(): Promise<DatabaseHandle> {
  const env = loadServerEnv();
  if (env.database.kind === 'pglite') {
    acquireDataDirLock(env.dataDir);
    const handle = await openDatabase({ kind: 'pglite', dataDir: env.database.dataDir });
    await migrateDatabase(handle, env.projectRoot);
    return handle;
  }
  const handle = await openDatabase({ kind: 'postgres', url: env.database.url });
  await migrateDatabase(handle, env.projectRoot);
  return handle;
}

export async function closeDatabase(): Promise<void> {
  const cache = globalThis as Cache;
  const pending = cache[KEY];
  delete cache[KEY];
  if (pending) await (await pending).close();
}
