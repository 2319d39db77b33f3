import { z } from 'zod';

/**
 * The settings the web process and `npm run worker` share, each with its one rule and message,
 * and the one way both report bad ones: every problem named, in one error. server/shared/env.ts
 * (web) and workers/env.ts (worker) build their schemas from these; the trainer child reads the
 * two trainer settings through workers/trainer/trainer-env.ts.
 */
export const BACKEND_CHOICES = ['auto', 'tfjs-node-gpu', 'tfjs-node', 'wasm', 'wasm-stock', 'cpu'] as const;
export const backendChoiceSchema = z.enum(BACKEND_CHOICES);
export type BackendChoice = z.infer<typeof backendChoiceSchema>;
export const trainerThreadsSchema = z.coerce.number().int().min(1).max(64);

export const sharedSettings = {
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://'),
  HOLDOUT_DATA_DIR: z.string().min(1).optional(),
  HOLDOUT_BLOB_DIR: z.string().min(1).optional(),
  HOLDOUT_QUEUE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'HOLDOUT_QUEUE_SCHEMA must be a lowercase SQL identifier').default('pgboss'),
  HOLDOUT_TFJS_BACKEND: z.enum(BACKEND_CHOICES, { message: `HOLDOUT_TFJS_BACKEND must be one of ${BACKEND_CHOICES.join(', ')}` }).default('auto'),
  HOLDOUT_TRAINER_THREADS: trainerThreadsSchema.optional(),
} as const;

/** Every bad setting named in one message (`who` says whose configuration), or the parsed settings. */
export function parseSettings<T extends z.ZodType>(settings: T, source: Record<string, string | undefined>, who: string): z.infer<T> {
  const parsed = settings.safeParse(source);
  if (!parsed.success) {
    throw new Error(`${who} configuration is invalid:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}
