import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseSettings, sharedSettings, type BackendChoice } from './settings';

/**
 * The web process's one validated configuration. Nothing else reads `process.env`. Loading has
 * no side effects: generating the embedded default's session secret is its own step
 * (`writeGeneratedSecret`, run by `npm start`), and handing settings to next-auth is next-auth.ts's.
 */
const rawEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: sharedSettings.DATABASE_URL.optional(),
  HOLDOUT_DATA_DIR: sharedSettings.HOLDOUT_DATA_DIR,
  HOLDOUT_BLOB_DIR: sharedSettings.HOLDOUT_BLOB_DIR,
  NEXTAUTH_URL: z.url('NEXTAUTH_URL must be a full URL such as http://localhost:3000').optional(),
  NEXTAUTH_SECRET: z.string().min(32, 'NEXTAUTH_SECRET must be at least 32 characters').optional(),
  GITHUB_ID: z.string().min(1).optional(),
  GITHUB_SECRET: z.string().min(1).optional(),
  HOLDOUT_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(100_000).default(200),
  HOLDOUT_QUEUE_SCHEMA: sharedSettings.HOLDOUT_QUEUE_SCHEMA,
  HOLDOUT_EMBEDDED_WORKER: z.enum(['true', 'false', '1', '0'], { message: 'HOLDOUT_EMBEDDED_WORKER must be true or false' }).default('true'),
  HOLDOUT_EMBEDDED_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  HOLDOUT_TRAINER_THREADS: sharedSettings.HOLDOUT_TRAINER_THREADS,
  HOLDOUT_TFJS_BACKEND: sharedSettings.HOLDOUT_TFJS_BACKEND,
});

export interface ServerEnv {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  hostname: string;
  projectRoot: string;
  dataDir: string;
  /** Content-addressed files (uploads, columnar data, manifests, weights); shared storage when scaled out. */
  blobDir: string;
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };
  nextAuthUrl: string;
  /** NEXTAUTH_SECRET, or the one generated into the data folder; null until it has been generated. */
  nextAuthSecret: string | null;
  github: { clientId: string; clientSecret: string } | null;
  maxUploadBytes: number;
  /** Concurrency of the train handler inside the web process; 0 when disabled. */
  embeddedWorkerConcurrency: number;
  /** Most threads one run of the embedded worker trains on; default: cores ÷ concurrency. */
  trainerThreads?: number;
  /** The job queue's schema in the database. */
  queueSchema: string;
  /** The embedded worker's training backend (auto: the best that loads). */
  tfjsBackend: BackendChoice;
}

const CACHE_KEY = Symbol.for('holdout.serverEnv');
type EnvCache = { [CACHE_KEY]?: ServerEnv };

export function loadServerEnv(source: Record<string, string | undefined> = process.env): ServerEnv {
  const cache = globalThis as EnvCache;
  if (cache[CACHE_KEY] && source === process.env) return cache[CACHE_KEY];

  const raw = parseSettings(rawEnvSchema, source, "Holdout's");
  if (Boolean(raw.GITHUB_ID) !== Boolean(raw.GITHUB_SECRET)) {
    throw new Error("Holdout's configuration is invalid:\n  GITHUB_ID and GITHUB_SECRET must be set together");
  }
  const projectRoot = process.cwd();
  const dataDir = path.resolve(/*turbopackIgnore: true*/ projectRoot, raw.HOLDOUT_DATA_DIR ?? '.holdout');
  const nextAuthUrl = raw.NEXTAUTH_URL ?? `http://localhost:${raw.PORT}`;
  const env: ServerEnv = {
    nodeEnv: raw.NODE_ENV,
    port: raw.PORT,
    hostname: raw.HOSTNAME,
    projectRoot,
    dataDir,
    blobDir: path.resolve(/*turbopackIgnore: true*/ projectRoot, raw.HOLDOUT_BLOB_DIR ?? path.join(dataDir, 'blobs')),
    database: raw.DATABASE_URL ? { kind: 'postgres', url: raw.DATABASE_URL } : { kind: 'pglite', dataDir: path.join(dataDir, 'pgdata') },
    nextAuthUrl,
    nextAuthSecret: raw.NEXTAUTH_SECRET ?? readGeneratedSecret(dataDir),
    github: raw.GITHUB_ID && raw.GITHUB_SECRET ? { clientId: raw.GITHUB_ID, clientSecret: raw.GITHUB_SECRET } : null,
    maxUploadBytes: raw.HOLDOUT_MAX_UPLOAD_MB * 1024 * 1024,
    queueSchema: raw.HOLDOUT_QUEUE_SCHEMA,
    embeddedWorkerConcurrency: raw.HOLDOUT_EMBEDDED_WORKER === 'true' || raw.HOLDOUT_EMBEDDED_WORKER === '1' ? raw.HOLDOUT_EMBEDDED_WORKER_CONCURRENCY : 0,
    trainerThreads: raw.HOLDOUT_TRAINER_THREADS,
    tfjsBackend: raw.HOLDOUT_TFJS_BACKEND,
  };
  // Cached once complete: a secret generated after a first load is picked up by the next.
  if (source === process.env && env.nextAuthSecret) cache[CACHE_KEY] = env;
  return env;
}

export function generatedSecretFile(dataDir: string): string {
  return path.join(dataDir, 'nextauth-secret');
}

function readGeneratedSecret(dataDir: string): string | null {
  try {
    return fs.readFileSync(generatedSecretFile(dataDir), 'utf8').trim() || null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
