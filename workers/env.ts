import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { backendChoiceSchema, trainerThreadsSchema, type BackendChoice } from './trainer/trainer-env';

/** `npm run worker`'s one validated configuration; nothing else in the worker reads process.env. */
const schema = z.object({
  DATABASE_URL: z
    .string({ message: 'DATABASE_URL is required: a worker connects to the PostgreSQL that the web app uses' })
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://'),
  HOLDOUT_DATA_DIR: z.string().min(1).optional(),
  HOLDOUT_BLOB_DIR: z.string().min(1).optional(),
  HOLDOUT_WORKER_NAME: z.string().min(1).max(80).optional(),
  HOLDOUT_WORKER_CONCURRENCY: z.coerce.number().int().min(1, 'HOLDOUT_WORKER_CONCURRENCY is at least 1').max(64).default(1),
  HOLDOUT_WORKER_POOL: z.enum(['auto', 'cpu', 'gpu'], { message: 'HOLDOUT_WORKER_POOL must be auto, cpu or gpu' }).default('auto'),
  HOLDOUT_TFJS_BACKEND: backendChoiceSchema.default('auto'),
  HOLDOUT_TRAINER_THREADS: trainerThreadsSchema.optional(),
  HOLDOUT_QUEUE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'HOLDOUT_QUEUE_SCHEMA must be a lowercase SQL identifier').default('pgboss'),
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
  const raw = parseSettings(schema, source);
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
  const raw = parseSettings(schema.pick({ HOLDOUT_WORKER_CONCURRENCY: true, HOLDOUT_TFJS_BACKEND: true, HOLDOUT_TRAINER_THREADS: true }), source);
  return { concurrency: raw.HOLDOUT_WORKER_CONCURRENCY, backend: raw.HOLDOUT_TFJS_BACKEND, trainerThreads: raw.HOLDOUT_TRAINER_THREADS };
}

/** Every bad setting named in one message, or the parsed settings. */
function parseSettings<T extends z.ZodType>(settings: T, source: Record<string, string | undefined>): z.infer<T> {
  const parsed = settings.safeParse(source);
  if (!parsed.success) {
    throw new Error(`The worker's configuration is invalid:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}
