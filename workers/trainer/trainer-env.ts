import { z } from 'zod';

/**
 * The trainer child's only read of its environment. The child is its own process and must not
 * import `workers/env.ts`, which validates worker settings (database, queue) it never needs.
 * Precedence: a `--backend=<choice>` argument from the parent, then HOLDOUT_TFJS_BACKEND (so an
 * operator can pin a worker host's backend), then 'auto'.
 */
export const BACKEND_CHOICES = ['auto', 'tfjs-node-gpu', 'tfjs-node', 'wasm', 'wasm-stock', 'cpu'] as const;
export const backendChoiceSchema = z.enum(BACKEND_CHOICES);
export type BackendChoice = z.infer<typeof backendChoiceSchema>;

export interface TrainerEnv {
  backend: BackendChoice;
}

export function readTrainerEnv(env: Record<string, string | undefined> = process.env, argv: string[] = process.argv.slice(2)): TrainerEnv {
  const fromArgv = argv.find((arg) => arg.startsWith('--backend='))?.slice('--backend='.length);
  const raw = fromArgv || env.HOLDOUT_TFJS_BACKEND || 'auto';
  const parsed = backendChoiceSchema.safeParse(raw);
  if (!parsed.success) {
    const source = fromArgv ? '--backend' : 'HOLDOUT_TFJS_BACKEND';
    throw new Error(`${source} must be one of ${BACKEND_CHOICES.join(', ')} (got "${raw}")`);
  }
  return { backend: parsed.data };
}
