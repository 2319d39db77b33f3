import { and, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { runs, workers } from '@/db/schema';

export interface WorkerRegistration {
  id: string;
  name: string;
  host: string;
  pid: number;
  kind: 'embedded' | 'standalone';
  pool: 'cpu' | 'gpu';
  backend: string;
  device: string;
  tfjsVersion: string;
  concurrency: number;
}

export async function registerWorker(db: Database, worker: WorkerRegistration): Promise<void> {
  await db.insert(workers).values(worker);
}

export async function touchWorker(db: Database, id: string, currentRunIds: string[]): Promise<void> {
  await db.update(workers).set({ lastSeenAt: sql`now()`, currentRunIds }).where(eq(workers.id, id));
}

export async function stopWorker(db: Database, id: string): Promise<void> {
  await db.update(workers).set({ stoppedAt: sql`now()`, currentRunIds: [] }).where(eq(workers.id, id));
}

/**
 * The fleet as a team sees it: every live worker (seen in the last 10 minutes), with the runs
 * it is training shown only when they belong to this team.
 */
export async function listWorkers(db: Database, teamId: string) {
  const rows = await db
    .select()
    .from(workers)
    .where(and(isNull(workers.stoppedAt), gt(workers.lastSeenAt, sql`now() - interval '10 minutes'`)))
    .orderBy(desc(workers.lastSeenAt));
  const busyIds = rows.flatMap((w) => w.currentRunIds);
  const visible = busyIds.length
    ? await db
        .select({ id: runs.id, number: runs.number, epochsDone: runs.epochsDone, epochsPlanned: runs.epochsPlanned })
        .from(runs)
        .where(and(eq(runs.teamId, teamId), inArray(runs.id, busyIds)))
    : [];
  const byId = new Map(visible.map((r) => [r.id, r]));
  const now = Date.now();
  return rows.map((w) => ({
    id: w.id,
    name: w.name,
    host: w.host,
    kind: w.kind,
    pool: w.pool,
    backend: w.backend,
    device: w.device,
    tfjsVersion: w.tfjsVersion,
    concurrency: w.concurrency,
    startedAt: w.startedAt,
    lastSeenAt: w.lastSeenAt,
    healthy: now - w.lastSeenAt.getTime() < 30_000,
    busySlots: w.currentRunIds.length,
    currentRuns: w.currentRunIds.map((id) => byId.get(id)).filter((r): r is NonNullable<typeof r> => Boolean(r)),
  }));
}
