import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { parseSettings, sharedSettings, type BackendChoice } from '../server/shared/settings';

/** `npm run worker`'s one validated configuration; nothing else in the worker reads process.env. */
const schema = z.object({
  DATABASE_URL: z.string({ message: 'DATABASE_URL is required: a worker connects to the PostgreSQL that the web app uses' }).pipe(sharedSettings.DATABASE_URL),
  HOLDOUT_DATA_DIR: sharedSettings.HOLDOUT_DATA_DIR,
  HOLDOUT_BLOB_DIR: sharedSettings.HOLDOUT_BLOB_DIR,
  HOLDOUT_WORKER_NAME: z.string().min(1).max(80).optional(),
  HOLDOUT_WORKER_CONCURRENCY: z.coerce.number().int().min(1, 'HOLDOUT_WORKER_CONCURRENCY is at least 1').max(64).default(1),
  HOLDOUT_WORKER_POOL: z.enum(['auto', 'cpu', 'gpu'], { message: 'HOLDOUT_WORKER_POOL must be auto, cpu or gpu' }).default('auto'),
  HOLDOUT_TFJS_BACKEND: sharedSettings.HOLDOUT_TFJS_BACKEND,
  HOLDOUT_TRAINER_THREADS: sharedSettings.HOLDOUT_TRAINER_THREADS,
  HOLDOUT_QUEUE_SCHEMA: sharedSettings.HOLDOUT_QUEUE_SCHEMA,
});

export interface WorkerEnv {
  databaseUrl: string;
  blobDir: string;
  name: string;
  concurrency: number;
  pool: 'auto' | 'cpu' | 'gpu';
  backend: BackendChoice;
  /** Most threads one run trains on; default: cores ÷ concurrency. */
  trainerThreads?: number;
  queueSchema: string;
  projectRoot: string;
}

export function loadWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  const raw = parseSettings(schema, source, "The worker's");
  const projectRoot = process.cwd();
  const dataDir = path.resolve(projectRoot, raw.HOLDOUT_DATA_DIR ?? '.holdout');
  return {
    databaseUrl: raw.DATABASE_URL,
    blobDir: path.resolve(projectRoot, raw.HOLDOUT_BLOB_DIR ?? path.join(dataDir, 'blobs')),
    name: raw.HOLDOUT_WORKER_NAME ?? `${os.hostname()}-${process.pid}`,
    concurrency: raw.HOLDOUT_WORKER_CONCURRENCY,
    pool: raw.HOLDOUT_WORKER_POOL,
    backend: raw.HOLDOUT_TFJS_BACKEND,
    trainerThreads: raw.HOLDOUT_TRAINER_THREADS,
    queueSchema: raw.HOLDOUT_QUEUE_SCHEMA,
    projectRoot,
  };
}

/** What `npm run worker -- --check` needs: the trainer settings, without a database. */
export function loadCheckEnv(source: Record<string, string | undefined> = process.env): Pick<WorkerEnv, 'concurrency' | 'backend' | 'trainerThreads'> {
  const raw = parseSettings(schema.pick({ HOLDOUT_WORKER_CONCURRENCY: true, HOLDOUT_TFJS_BACKEND: true, HOLDOUT_TRAINER_THREADS: true }), source, "The worker's");
  return { concurrency: raw.HOLDOUT_WORKER_CONCURRENCY, backend: raw.HOLDOUT_TFJS_BACKEND, trainerThreads: raw.HOLDOUT_TRAINER_THREADS };
}
