import path from 'node:path';
import crypto from 'node:crypto';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { appRouter, createCaller } from '@/server/api/root';
import { loadServerEnv } from '@/server/shared/env';
import { assembleServices, type Services } from '@/server/shared/services';
import { LocalBlobStore } from '@/server/shared/storage/local-blob-store';
import { signUp, type UserDto } from '@/server/domain/accounts/accounts';

const projectRoot = path.resolve(import.meta.dirname, '..', '..');

/**
 * Integration tests run on in-memory PGlite by default and on PostgreSQL when
 * TEST_DATABASE_URL is set (.ci/run points it at a database it created). Tests use unique
 * emails and slugs instead of resetting shared state, so files can share one database.
 */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL;
export const testDatabaseKind = testDatabaseUrl ? 'postgres' : 'pglite';

export async function openTestDatabase(): Promise<DatabaseHandle> {
  const handle = testDatabaseUrl
    ? await openDatabase({ kind: 'postgres', url: testDatabaseUrl, maxConnections: 25 })
    : await openDatabase({ kind: 'pglite' });
  await migrateDatabase(handle, projectRoot);
  return handle;
}

export function uniqueSuffix(): string {
  return crypto.randomBytes(5).toString('hex');
}

export async function makeUser(handle: DatabaseHandle, name = 'User'): Promise<UserDto & { password: string }> {
  const password = 'correct horse battery staple';
  const user = await signUp(handle.db, { email: `${name.toLowerCase().replace(/\W+/g, '-')}-${uniqueSuffix()}@example.com`, name, password });
  return { ...user, password };
}

/** The blob store every test process shares with the workers it starts (the default blob folder). */
export const testBlobs = new LocalBlobStore(loadServerEnv().blobDir);

const services = new WeakMap<DatabaseHandle, Services>();

/** The services of a test's own database: its own queue schema, created on first use and kept per handle. */
export function servicesFor(handle: DatabaseHandle): Services {
  let entry = services.get(handle);
  if (!entry) {
    entry = assembleServices(handle, testBlobs, { boss: { connectionString: testDatabaseUrl, schema: testQueueSchema }, listenUrl: testDatabaseUrl });
    services.set(handle, entry);
  }
  return entry;
}

/** A caller as `userId`; pass a `sessionId` (from openSession) to act as one signed-in browser. */
export function callerFor(handle: DatabaseHandle, userId: string | null, sessionId: string | null = null) {
  return createCaller({ db: handle.db, userId, sessionId, services: servicesFor(handle) });
}

/**
 * Each test file gets its own queue schema, so files sharing one PostgreSQL never take each
 * other's training jobs.
 */
export const testQueueSchema = `pgboss_test_${crypto.randomBytes(4).toString("hex")}`;

export { appRouter };
