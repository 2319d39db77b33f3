import { z } from 'zod';

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
