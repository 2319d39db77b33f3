import { describe, expect, it } from 'vitest';
import os from 'node:os';
import { loadCheckEnv, loadWorkerEnv } from '../../../workers/env';
import { trainerThreads } from '../../../workers/handler/worker-runtime';

describe("npm run worker's configuration", () => {
  const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/holdout' };

  it('defaults what it can and leaves the thread count to the runtime (cores ÷ concurrency)', () => {
    expect(loadWorkerEnv(base)).toMatchObject({ concurrency: 1, pool: 'auto', backend: 'auto', trainerThreads: undefined, queueSchema: 'pgboss' });
    expect(loadWorkerEnv({ ...base, HOLDOUT_TRAINER_THREADS: '4', HOLDOUT_WORKER_CONCURRENCY: '2' })).toMatchObject({ trainerThreads: 4, concurrency: 2 });
  });

  it('names each bad setting', () => {
    expect(() => loadWorkerEnv({})).toThrow(/DATABASE_URL: DATABASE_URL is required/);
    expect(() => loadWorkerEnv({ ...base, HOLDOUT_TRAINER_THREADS: '0' })).toThrow(/HOLDOUT_TRAINER_THREADS: /);
    expect(() => loadWorkerEnv({ ...base, HOLDOUT_WORKER_POOL: 'tpu' })).toThrow(/HOLDOUT_WORKER_POOL must be auto, cpu or gpu/);
  });

  it('--check needs no database and reports the thread count the worker would use', () => {
    expect(loadCheckEnv({})).toEqual({ concurrency: 1, backend: 'auto', trainerThreads: undefined });
    expect(() => loadCheckEnv({ HOLDOUT_TRAINER_THREADS: 'zero' })).toThrow(/HOLDOUT_TRAINER_THREADS: /);
    expect(trainerThreads(1)).toBe(os.availableParallelism());
    expect(trainerThreads(os.availableParallelism())).toBe(1);
    expect(trainerThreads(64)).toBe(1);
    expect(trainerThreads(2, 6)).toBe(6);
  });
});
