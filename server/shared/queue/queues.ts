import type { PgBoss } from 'pg-boss';
import { z } from 'zod';

/**
 * The queue registry: every pg-boss queue Holdout uses, its payload schema and its options, and
 * the one function that creates them. Web processes and workers both load this (no
 * 'server-only'); payloads are ids plus a version, validated by the handler that receives them.
 */

/**
 * One training queue for both pools; a run's pool is its job's priority. CPU workers fetch only
 * priority 0 (`maxPriority`); GPU workers fetch everything, GPU runs first (pg-boss fetches the
 * highest priority first). One queue means one `work` per worker, so its concurrency is exact:
 * with a queue per pool a GPU worker ran two handlers, each with its own concurrency.
 * Job payloads carry ids plus a version; the handler re-reads the run's current state.
 */
export const TRAIN_QUEUE = 'train';
export type WorkerPool = 'cpu' | 'gpu';
export const POOL_PRIORITY: Record<WorkerPool, number> = { cpu: 0, gpu: 1 };
/** The fetch options that keep a worker of `pool` to the runs it can train. */
export const poolFetchOptions = (pool: WorkerPool) => (pool === 'cpu' ? { maxPriority: POOL_PRIORITY.cpu } : {});
/** The queues of the one-queue-per-pool layout; jobs still waiting there are moved on start. */
export const LEGACY_TRAIN_QUEUES: Record<string, WorkerPool> = { 'train-cpu': 'cpu', 'train-gpu': 'gpu' };

export const trainJobSchema = z.object({ runId: z.uuid(), v: z.literal(1) });
export type TrainJob = z.infer<typeof trainJobSchema>;

/**
 * pg-boss fails a job whose worker stopped sending heartbeats (kill -9, lost host) after
 * about heartbeat + supervise interval. No automatic retry: the run is marked failed with
 * "worker lost" and the person decides whether to launch it again.
 */
export const TRAIN_QUEUE_OPTIONS = {
  heartbeatSeconds: 10,
  expireInSeconds: 23 * 3600,
  retryLimit: 0,
  notify: true,
  deleteAfterSeconds: 7 * 24 * 3600,
} as const;

/** One queue for every worker pool: predicting is cheap next to training, any worker can do it. */
export const TEST_EVAL_QUEUE = 'test-eval';

export const testEvalJobSchema = z.object({ evaluationId: z.uuid(), v: z.literal(1) });
export type TestEvalJob = z.infer<typeof testEvalJobSchema>;

/**
 * Unlike training, an evaluation retries: its handler is idempotent (one result per evaluation,
 * inserted with ON CONFLICT DO NOTHING), and a worker lost mid-way must not leave a granted,
 * budget-counted request without an answer.
 */
export const TEST_EVAL_QUEUE_OPTIONS = {
  heartbeatSeconds: 30,
  expireInSeconds: 15 * 60,
  retryLimit: 2,
  retryDelay: 5,
  notify: true,
  deleteAfterSeconds: 7 * 24 * 3600,
} as const;

const QUEUES = [
  { name: TRAIN_QUEUE, options: TRAIN_QUEUE_OPTIONS },
  { name: TEST_EVAL_QUEUE, options: TEST_EVAL_QUEUE_OPTIONS },
] as const;

/**
 * Creates every queue that does not exist yet. Several processes may start at once: a creator
 * that loses the race finds the queue there and carries on.
 */
export async function createQueues(boss: PgBoss): Promise<void> {
  for (const { name, options } of QUEUES) {
    if (await boss.getQueue(name)) continue;
    try {
      await boss.createQueue(name, options);
    } catch (error) {
      if (!(await boss.getQueue(name))) throw error;
    }
  }
}
