import type { PgBoss } from 'pg-boss';
import { z } from 'zod';

// No 'server-only': the evaluation handler (workers/, under tsx) reads the queue and payload here.

/** One queue for every worker pool: predicting is cheap next to training, any worker can do it. */
export const TEST_EVAL_QUEUE = 'test-eval';

export const testEvalJobSchema = z.object({ evaluationId: z.uuid(), v: z.literal(1) });
export type TestEvalJob = z.infer<typeof testEvalJobSchema>;

/**
 * Unlike training, an evaluation retries: its handler is idempotent (one result per evaluation,
 * inserted with ON CONFLICT DO NOTHING), and a worker lost mid-way must not leave a granted,
 * budget-counted request without an answer.
 */
export const TEST_EVAL_QUEUE_OPTIONS = {
  heartbeatSeconds: 30,
  expireInSeconds: 15 * 60,
  retryLimit: 2,
  retryDelay: 5,
  notify: true,
  deleteAfterSeconds: 7 * 24 * 3600,
} as const;

const ensured = new WeakSet<PgBoss>();

/**
 * Creates the queue on first use (server/queue/boss.ts creates only the training queues). Both
 * the sender and the worker call this; concurrent creators are fine, the loser's error is ignored
 * once the queue exists.
 */
export async function ensureTestEvalQueue(boss: PgBoss): Promise<void> {
  if (ensured.has(boss)) return;
  if (!(await boss.getQueue(TEST_EVAL_QUEUE))) {
    try {
      await boss.createQueue(TEST_EVAL_QUEUE, TEST_EVAL_QUEUE_OPTIONS);
    } catch (error) {
      if (!(await boss.getQueue(TEST_EVAL_QUEUE))) throw error;
    }
  }
  ensured.add(boss);
}
