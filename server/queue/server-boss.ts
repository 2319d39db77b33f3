import 'server-only';
import type { PgBoss } from 'pg-boss';
import { getDatabase } from '@/server/shared/database';
import { loadServerEnv } from '@/server/shared/env';
import { getBoss } from '../shared/queue/boss';

/** The web process's queue, on the database the web process uses. */
export async function getServerBoss(): Promise<PgBoss> {
  const env = loadServerEnv();
  const handle = await getDatabase();
  return getBoss(handle, { connectionString: env.database.kind === 'postgres' ? env.database.url : undefined, schema: env.queueSchema });
}
