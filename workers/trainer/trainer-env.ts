import os from 'node:os';
import { z } from 'zod';

/**
 * The trainer child's only read of its environment. The child is its own process and must not
 * import `workers/env.ts`, which validates worker settings (database, queue) it never needs.
 * Precedence for each setting: an argument from the parent (`--backend=<choice>`,
 * `--threads=<n>`), then the environment (HOLDOUT_TFJS_BACKEND, HOLDOUT_TRAINER_THREADS: an
 * operator can pin a worker host's), then the default.
 */
export { BACKEND_CHOICES, backendChoiceSchema, type BackendChoice, trainerThreadsSchema } from '../../server/shared/settings';
import { BACKEND_CHOICES, backendChoiceSchema, type BackendChoice, trainerThreadsSchema } from '../../server/shared/settings';

export interface TrainerEnv {
  backend: BackendChoice;
  /** Most threads one run may train on (data-parallel on wasm); default: every core. */
  threads: number;
}

function setting<T>(
  argv: string[],
  flagName: string,
  env: Record<string, string | undefined>,
  envName: string,
  schema: z.ZodType<T>,
  expected: string,
  fallback: T,
): T {
  const flag = `--${flagName}=`;
  const fromArgv = argv.find((arg) => arg.startsWith(flag))?.slice(flag.length);
  const raw = fromArgv || env[envName];
  if (raw === undefined || raw === '') return fallback;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`${fromArgv ? `--${flagName}` : envName} must be ${expected} (got "${raw}")`);
  return parsed.data;
}

export function readTrainerEnv(env: Record<string, string | undefined> = process.env, argv: string[] = process.argv.slice(2)): TrainerEnv {
  return {
    backend: setting(argv, 'backend', env, 'HOLDOUT_TFJS_BACKEND', backendChoiceSchema, `one of ${BACKEND_CHOICES.join(', ')}`, 'auto'),
    threads: setting(argv, 'threads', env, 'HOLDOUT_TRAINER_THREADS', trainerThreadsSchema, 'a whole number from 1 to 64', os.availableParallelism()),
  };
}
