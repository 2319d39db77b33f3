import crypto from 'node:crypto';
import os from 'node:os';
import type { PgBoss } from 'pg-boss';
import type { Database } from '../../db/client';
import { failLostRuns } from '../../server/shared/runs/lifecycle';
import { advanceActiveSweeps } from '../../server/shared/sweeps/scheduler';
import { registerWorker, stopWorker, touchWorker } from '../../server/shared/runs/workers-registry';
import { poolFetchOptions, TEST_EVAL_QUEUE, TRAIN_QUEUE } from '../../server/shared/queue/queues';
import type { BlobStore } from '../../server/shared/storage/blob-store';
import type { BackendChoice } from '../trainer/trainer-env';
import { handleTestEvalJob } from './test-eval-handler';
import { handleTrainJob } from './train-handler';
import { TrainerPool } from './trainer-pool';

export interface WorkerRuntimeOptions {
  db: Database;
  boss: PgBoss;
  blobs: BlobStore;
  name: string;
  kind: 'embedded' | 'standalone';
  concurrency: number;
  pool: 'auto' | 'cpu' | 'gpu';
  backend?: BackendChoice;
  /** Most threads one run trains on; default: the host's cores shared between concurrent runs. */
  trainerThreads?: number;
  /**
   * Whether this worker's timer also advances every running sweep (how sweeps resume after a
   * restart). Default true: every process shares one queue. Test files that share one PostgreSQL
   * but each have their own queue turn it off, so no file launches another's trials.
   */
  superviseSweeps?: boolean;
}

export interface WorkerRuntime {
  id: string;
  pool: 'cpu' | 'gpu';
  backend: string;
  device: string;
  stop(): Promise<void>;
}

const TOUCH_MS = 5_000;
/** A run whose handler has not heartbeaten for this long lost its worker. */
const LOST_AFTER_SECONDS = 20;

/** Threads per run: the setting, or the host's cores shared between the runs trained at once. */
export function trainerThreads(concurrency: number, configured?: number): number {
  return configured ?? Math.max(1, Math.floor(os.availableParallelism() / concurrency));
}

/**
 * Registers this process as a worker, serves the training queues of its pool, heartbeats, and
 * fails runs whose worker vanished (any live worker can notice another's death).
 */
export async function startWorkerRuntime(options: WorkerRuntimeOptions): Promise<WorkerRuntime> {
  const trainers = new TrainerPool({
    backend: options.backend === 'auto' ? undefined : options.backend,
    threads: trainerThreads(options.concurrency, options.trainerThreads),
  });
  const probe = await trainers.probe();
  const pool = options.pool === 'auto' ? (probe.gpu ? 'gpu' : 'cpu') : options.pool;
  const id = crypto.randomUUID();
  const current = new Set<string>();
  await registerWorker(options.db, {
    id,
    name: options.name,
    host: os.hostname(),
    pid: process.pid,
    kind: options.kind,
    pool,
    backend: probe.backendChoice,
    device: probe.device,
    tfjsVersion: probe.tfjsVersion,
    concurrency: options.concurrency,
  });
  const deps = {
    db: options.db,
    boss: options.boss,
    blobs: options.blobs,
    worker: { id, name: options.name },
    trainers,
    onRunStart: (runId: string) => current.add(runId),
    onRunEnd: (runId: string) => current.delete(runId),
  };
  // GPU workers also take CPU runs (GPU runs first); CPU workers never take GPU-only runs.
  // One pg-boss worker per slot, so each can be woken by id. After a job pg-boss waits for its
  // backstop poll (2 s) unless a NOTIFY came, and a run queued before the slot freed sends none:
  // a finished run wakes every slot, so the next queued run starts at once (npm run bench:sweep
  // measures the gap).
  const trainWorkIds: string[] = [];
  const wakeTrainSlots = () => {
    for (const id of trainWorkIds) options.boss.notifyWorker(id);
  };
  for (let slot = 0; slot < options.concurrency; slot++) {
    trainWorkIds.push(
      await options.boss.work(
        TRAIN_QUEUE,
        { batchSize: 1, localConcurrency: 1, pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 2, ...poolFetchOptions(pool) },
        async ([job]) => {
          if (!job) return;
          try {
            await handleTrainJob(deps, job);
          } finally {
            wakeTrainSlots();
          }
        },
      ),
    );
  }
  // Test evaluations are short predictions, served by every worker whatever its pool. With NOTIFY
  // active pg-boss otherwise falls back to a 30 s backstop poll after a one-job batch, so a third
  // job queued while two were running waited for the next poll; 2 s keeps a burst flowing.
  const evalPolling = { pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 2 };
  await options.boss.work(TEST_EVAL_QUEUE, { batchSize: 1, localConcurrency: 1, ...evalPolling }, async ([job]) => {
    if (job) await handleTestEvalJob({ db: options.db, blobs: options.blobs, trainers }, job);
  });
  const timer = setInterval(() => {
    void touchWorker(options.db, id, [...current]).catch(() => undefined);
    void failLostRuns(options.db, LOST_AFTER_SECONDS)
      .then(() => (options.superviseSweeps === false ? undefined : advanceActiveSweeps(options.db, options.boss)))
      .catch((error) => console.error('[worker] sweep scheduling failed', error));
  }, TOUCH_MS);
  timer.unref();

  return {
    id,
    pool,
    backend: probe.backendChoice,
    device: probe.device,
    async stop() {
      clearInterval(timer);
      for (const queue of [TRAIN_QUEUE, TEST_EVAL_QUEUE]) await options.boss.offWork(queue).catch(() => undefined);
      await trainers.close();
      await stopWorker(options.db, id).catch(() => undefined);
    },
  };
}
