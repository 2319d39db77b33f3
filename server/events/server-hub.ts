import 'server-only';
import { getDatabase } from '@/server/shared/database';
import { loadServerEnv } from '@/server/shared/env';
import { getListenHub, type ListenHub } from './listen-hub';

/** The web process's LISTEN hub, on the configured database. */
export async function getServerListenHub(): Promise<ListenHub> {
  const env = loadServerEnv();
  return getListenHub(await getDatabase(), env.database.kind === 'postgres' ? env.database.url : undefined);
}
