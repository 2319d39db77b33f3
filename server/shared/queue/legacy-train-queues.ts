import { eq } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { DatabaseHandle } from '@/db/client';
import { runs } from '@/db/schema';
import { LEGACY_TRAIN_QUEUES, POOL_PRIORITY, TRAIN_QUEUE, trainJobSchema } from './queues';

/**
 * Holdout once had a training queue per worker pool. Jobs still waiting in those queues when a
 * newer version starts are moved to the one training queue with their pool's priority, and their
 * runs point at the new jobs (cancel uses the id); left there they would stay queued forever.
 * Active jobs stay: their worker finishes them, or pg-boss fails them when its heartbeat stops.
 * The old queues are not dropped, so a worker still on the old version keeps working meanwhile.
 */
export async function moveLegacyTrainJobs(boss: PgBoss, handle: DatabaseHandle): Promise<number> {
  let moved = 0;
  for (const [queue, pool] of Object.entries(LEGACY_TRAIN_QUEUES)) {
    if (!(await boss.getQueue(queue))) continue;
    for (;;) {
      const jobs = await boss.fetch<unknown>(queue, { batchSize: 100 });
      if (jobs.length === 0) break;
      for (const job of jobs) {
        const parsed = trainJobSchema.safeParse(job.data);
        if (!parsed.success) continue;
        const jobId = await boss.send(TRAIN_QUEUE, parsed.data, { priority: POOL_PRIORITY[pool] });
        await handle.db.update(runs).set({ jobId }).where(eq(runs.id, parsed.data.runId));
        moved++;
      }
      await boss.deleteJob(queue, jobs.map((job) => job.id));
    }
  }
  return moved;
}
