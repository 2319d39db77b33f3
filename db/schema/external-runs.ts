import { bigint, doublePrecision, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { runs } from './runs';

/**
 * Metrics a script logged by step (external runs). Self-reported: shown as logged, never ranked;
 * a run ranks only through the dev predictions the server scores itself. One value per
 * (run, key, step), so a retried batch can never add a point twice.
 */
export const runMetricPoints = pgTable(
  'run_metric_points',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    step: integer('step').notNull(),
    value: doublePrecision('value').notNull(),
    loggedAt: timestamp('logged_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.key, t.step] })],
);

/** Files a script attached to its run; the bytes live in the blob store under `blobKey`. */
export const runArtifacts = pgTable(
  'run_artifacts',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    path: text('path').notNull(),
    blobKey: text('blob_key').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    contentType: text('content_type').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.path] }), index('run_artifacts_run_idx').on(t.runId, t.createdAt)],
);
