import { bigint, boolean, customType, doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { datasetVersions, splits } from './datasets';
import { teams } from './teams';
import { RUN_ORIGINS, RUN_STATUSES } from './run-status';

export const runStatus = pgEnum('run_status', RUN_STATUSES);
export const workerPool = pgEnum('worker_pool', ['cpu', 'gpu']);

export const runs = pgTable(
  'runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** Per team, for people: "run #42". */
    number: integer('number').notNull(),
    splitId: uuid('split_id')
      .notNull()
      .references(() => splits.id, { onDelete: 'cascade' }),
    datasetVersionId: uuid('dataset_version_id')
      .notNull()
      .references(() => datasetVersions.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    /**
     * Who trained it: Holdout's trainer (a pg-boss job and a worker) or a script elsewhere that
     * reports through the API (no job, no heartbeat; ranks only through server-scored predictions).
     */
    origin: text('origin', { enum: RUN_ORIGINS }).notNull().default('trainer'),
    /** Trainer runs: the validated model config (server/shared/runs/model-config.ts), seed included. External runs: the script's own config and logged params, free JSON. */
    config: jsonb('config').notNull(),
    /** External runs: where the script ran (git commit, script, framework, host), as the script said. */
    source: jsonb('source').$type<Record<string, string>>(),
    seed: integer('seed').notNull(),
    pool: workerPool('pool').notNull(),
    status: runStatus('status').notNull().default('queued'),
    jobId: text('job_id'),
    attempt: integer('attempt').notNull().default(0),
    epochsPlanned: integer('epochs_planned').notNull(),
    epochsDone: integer('epochs_done').notNull().default(0),
    // Reproducibility: what exactly was trained on, and how.
    datasetHash: text('dataset_hash').notNull(),
    splitHash: text('split_hash').notNull(),
    backend: text('backend'),
    device: text('device'),
    tfjsVersion: text('tfjs_version'),
    workerId: uuid('worker_id'),
    workerName: text('worker_name'),
    // Outcome.
    failureKind: text('failure_kind'),
    failureReason: text('failure_reason'),
    paramCount: integer('param_count'),
    bestEpoch: integer('best_epoch'),
    stoppedEarly: boolean('stopped_early'),
    trainLoss: doublePrecision('train_loss'),
    devLoss: doublePrecision('dev_loss'),
    trainAccuracy: doublePrecision('train_accuracy'),
    devAccuracy: doublePrecision('dev_accuracy'),
    devMacroF1: doublePrecision('dev_macro_f1'),
    trainRmse: doublePrecision('train_rmse'),
    devRmse: doublePrecision('dev_rmse'),
    devMae: doublePrecision('dev_mae'),
    devR2: doublePrecision('dev_r2'),
    confusionMatrix: jsonb('confusion_matrix').$type<number[][] | null>(),
    classes: jsonb('classes').$type<string[]>().notNull().default([]),
    /** Blob keys: never returned to clients. */
    weightsBlobKey: text('weights_blob_key'),
    weightsHash: text('weights_hash'),
    devPredictionsBlobKey: text('dev_predictions_blob_key'),
    preprocessing: jsonb('preprocessing'),
    trainingMs: bigint('training_ms', { mode: 'number' }),
    cancelRequestedAt: timestamp('cancel_requested_at', { withTimezone: true }),
    /** A name someone gave the run; null: it goes by its default (server/shared/runs/run-name.ts). */
    name: text('name'),
    /** The author's description of the idea being tested (idea → code → experiment). */
    note: text('note').notNull().default(''),
    /** Set by the author to ask teammates for review; null when not asking. */
    readyForReviewAt: timestamp('ready_for_review_at', { withTimezone: true }),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    /** Archived by its author or an admin: out of the runs table and the leaderboard, kept for the audit log and the dev-look count. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    unique('runs_team_number_unique').on(t.teamId, t.number),
    index('runs_team_created_idx').on(t.teamId, t.createdAt),
    index('runs_split_idx').on(t.splitId),
    index('runs_status_idx').on(t.status),
    // Runs table sorts and leaderboards, fast at 100k runs per team.
    index('runs_team_dev_accuracy_idx').on(t.teamId, t.devAccuracy, t.id),
    index('runs_team_dev_rmse_idx').on(t.teamId, t.devRmse, t.id),
    index('runs_team_dev_macro_f1_idx').on(t.teamId, t.devMacroF1, t.id),
    index('runs_team_dev_mae_idx').on(t.teamId, t.devMae, t.id),
    index('runs_team_dev_r2_idx').on(t.teamId, t.devR2, t.id),
    index('runs_team_dev_loss_idx').on(t.teamId, t.devLoss, t.id),
    index('runs_team_train_loss_idx').on(t.teamId, t.trainLoss, t.id),
    index('runs_team_epochs_done_idx').on(t.teamId, t.epochsDone, t.id),
    index('runs_team_number_idx').on(t.teamId, t.number, t.id),
    index('runs_team_creator_idx').on(t.teamId, t.createdBy, t.createdAt),
    index('runs_split_status_idx').on(t.splitId, t.status, t.createdAt),
  ],
);

export const runEpochs = pgTable(
  'run_epochs',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    epoch: integer('epoch').notNull(),
    learningRate: doublePrecision('learning_rate').notNull(),
    trainLoss: doublePrecision('train_loss').notNull(),
    devLoss: doublePrecision('dev_loss').notNull(),
    /** accuracy and macroF1 (classification) or rmse, mae and r2 (regression). */
    trainMetrics: jsonb('train_metrics').$type<Record<string, number>>().notNull(),
    devMetrics: jsonb('dev_metrics').$type<Record<string, number>>().notNull(),
    epochMs: doublePrecision('epoch_ms').notNull(),
    samplesPerSec: doublePrecision('samples_per_sec').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.epoch] })],
);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * A finished run's learning curves packed in one row, so the compare view reads 100 runs as 100
 * rows instead of 100 × epochs rows of run_epochs (npm run bench:scale times both at 10M epoch rows).
 * Written by the `runs_materialize_curves` trigger when a run reaches a final state (migration
 * 0008); `data` holds `names.length` series of `points` big-endian float32 values each, in the
 * order of `names` (the byte order PostgreSQL's float4send writes). run_epochs stays the source
 * of truth: a run whose curves row is missing or behind its epochs is read from there.
 */
export const runCurves = pgTable('run_curves', {
  runId: uuid('run_id')
    .primaryKey()
    .references(() => runs.id, { onDelete: 'cascade' }),
  lastEpoch: integer('last_epoch').notNull(),
  points: integer('points').notNull(),
  names: text('names').array().notNull(),
  data: bytea('data').notNull(),
});

export const runLogs = pgTable(
  'run_logs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    level: text('level').notNull(),
    message: text('message').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('run_logs_run_idx').on(t.runId, t.id)],
);

/** Training processes: embedded in a web process or `npm run worker` on any host. */
export const workers = pgTable('workers', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  kind: text('kind').notNull(),
  pool: workerPool('pool').notNull(),
  backend: text('backend').notNull(),
  device: text('device').notNull(),
  tfjsVersion: text('tfjs_version').notNull(),
  concurrency: integer('concurrency').notNull(),
  currentRunIds: jsonb('current_run_ids').$type<string[]>().notNull().default([]),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  stoppedAt: timestamp('stopped_at', { withTimezone: true }),
});
