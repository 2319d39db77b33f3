import { openDatabase, type DatabaseHandle } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { acquireDataDirLock } from './data-dir-lock';
import { loadServerEnv, type ServerEnv } from './env';
import { assembleServices, type Services } from './services';
import { LocalBlobStore } from './storage/local-blob-store';

/**
 * The web process's services. The launcher (npm start) and Next's bundled route handlers are
 * separate module graphs in one process, so the one instance is kept on globalThis: this is the
 * only process-wide holder, and everything below it is injected from here.
 */
const KEY = Symbol.for('holdout.webServices');
type Cache = { [KEY]?: Promise<Services> };

export function webServices(): Promise<Services> {
  const cache = globalThis as Cache;
  cache[KEY] ??= open(loadServerEnv()).catch((error: unknown) => {
    delete cache[KEY];
    throw error;
  });
  return cache[KEY];
}

export async function closeWebServices(): Promise<void> {
  const cache = globalThis as Cache;
  const pending = cache[KEY];
  delete cache[KEY];
  if (pending) await (await pending).close();
}

/** The embedded database takes the data folder's lock first (one owner per folder); migrations run on open. */
async function open(env: ServerEnv): Promise<Services> {
  let handle: DatabaseHandle;
  if (env.database.kind === 'pglite') {
    acquireDataDirLock(env.dataDir);
    handle = await openDatabase({ kind: 'pglite', dataDir: env.database.dataDir });
  } else {
    handle = await openDatabase({ kind: 'postgres', url: env.database.url });
  }
  await migrateDatabase(handle, env.projectRoot);
  const postgresUrl = env.database.kind === 'postgres' ? env.database.url : undefined;
  return assembleServices(handle, new LocalBlobStore(env.blobDir), { boss: { connectionString: postgresUrl, schema: env.queueSchema }, listenUrl: postgresUrl });
}
