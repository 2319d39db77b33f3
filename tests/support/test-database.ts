import path from 'node:path';
import crypto from 'node:crypto';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { appRouter, createCaller } from '@/server/api/root';
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

export function callerFor(handle: DatabaseHandle, userId: string | null) {
  return createCaller({ db: handle.db, userId });
}

export { appRouter };
