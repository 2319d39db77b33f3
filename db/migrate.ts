import path from 'node:path';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { DatabaseHandle, Schema } from './client';

/** Arbitrary but fixed: serializes migrations across web replicas and workers on PostgreSQL. */
const MIGRATION_LOCK_KEY = 7_305_411_902;

export function migrationsFolder(projectRoot: string): string {
  return path.join(projectRoot, 'db', 'migrations');
}

export async function migrateDatabase(handle: DatabaseHandle, projectRoot: string): Promise<void> {
  const config = { migrationsFolder: migrationsFolder(projectRoot) };
  if (handle.kind === 'pglite') {
    await migratePglite(handle.db as unknown as PgliteDatabase<Schema>, config);
    return;
  }
  const pool = handle.pool!;
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migratePostgres(handle.db as unknown as NodePgDatabase<Schema>, config);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}
