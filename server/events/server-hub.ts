import 'server-only';
import { getDatabase } from '@/server/shared/database';
import { loadServerEnv } from '@/server/shared/env';
import { getRunEventHub, type RunEventHub } from './run-event-hub';

export async function getServerRunEventHub(): Promise<RunEventHub> {
  const env = loadServerEnv();
  return getRunEventHub(await getDatabase(), env.database.kind === 'postgres' ? env.database.url : undefined);
}
