import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { Pool } from 'pg';
import * as schema from './schema';

export { schema };
export type Schema = typeof schema;
/** Either driver, and also any transaction opened on it (a transaction is a PgDatabase too). */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseTarget =
  | { kind: 'pglite'; /** Folder for the data; undefined keeps everything in memory. */ dataDir?: string }
  | { kind: 'postgres'; url: string; maxConnections?: number };

export interface DatabaseHandle {
  kind: DatabaseTarget['kind'];
  db: Database;
  /** The PGlite instance, for pg-boss's PGlite adapter and LISTEN; undefined on PostgreSQL. */
  pglite?: PGlite;
  /** The pg pool, for pg-boss and LISTEN; undefined on PGlite. */
  pool?: Pool;
  close(): Promise<void>;
}

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'pglite') {
    const pglite = await PGlite.create(target.dataDir);
    const db = drizzlePglite(pglite, { schema }) as unknown as Database;
    return { kind: 'pglite', db, pglite, close: () => pglite.close() };
  }
  const pool = new Pool({ connectionString: target.url, max: target.maxConnections ?? 10 });
  const db = drizzlePostgres(pool, { schema }) as unknown as Database;
  return { kind: 'postgres', db, pool, close: () => pool.end() };
}

