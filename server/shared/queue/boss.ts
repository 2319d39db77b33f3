import { PgBoss, fromPglite } from 'pg-boss';
import type { DatabaseHandle } from '@/db/client';
import { logInfo, logServerError } from '@/server/shared/log';
import { moveLegacyTrainJobs } from './legacy-train-queues';
import { createQueues } from './queues';

/**
 * One pg-boss per process, in the same database as everything else: PGlite through its
 * in-process adapter, or PostgreSQL through its own pool (LISTEN needs a pinned session).
 */
export interface BossOptions {
  connectionString?: string;
  /** pg-boss's schema; separate schemas keep separate Holdout instances (or test files) apart on one server. */
  schema?: string;
}

/** A started pg-boss with every queue created; a process keeps one in its services. */
export async function createBoss(handle: DatabaseHandle, options: BossOptions): Promise<PgBoss> {
  const common = { useListenNotify: true, superviseIntervalSeconds: 2, instanceName: 'holdout', schedule: false, schema: options.schema ?? 'pgboss' } as const;
  const boss =
    handle.kind === 'pglite'
      ? new PgBoss({ ...common, db: fromPglite(handle.pglite!), backend: 'pglite' })
      : new PgBoss({ ...common, connectionString: options.connectionString, max: 4 });
  boss.on('error', (error: unknown) => logServerError('pg-boss', error));
  await boss.start();
  await createQueues(boss);
  await moveLegacyTrainJobs(boss, handle);
  logInfo('job queue ready');
  return boss;
}
