import { z } from 'zod';

/**
 * The training queues, one per worker pool: GPU workers serve both, CPU workers only `train-cpu`.
 * Job payloads carry ids plus a version; the handler re-reads the run's current state.
 */
export const TRAIN_QUEUES = { cpu: 'train-cpu', gpu: 'train-gpu' } as const;
export type WorkerPool = keyof typeof TRAIN_QUEUES;

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
