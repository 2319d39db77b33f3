import { boolean, doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { splits } from './datasets';
import { runs } from './runs';
import { teams } from './teams';
import { SWEEP_STATUSES, TRIAL_SOURCES, TRIAL_STATUSES } from './sweep-status';

export const sweepStatus = pgEnum('sweep_status', SWEEP_STATUSES);
export const trialStatus = pgEnum('sweep_trial_status', TRIAL_STATUSES);
export const trialSource = pgEnum('sweep_trial_source', TRIAL_SOURCES);

/**
 * A hyperparameter search on one frozen split. `definition` is the validated sweep definition
 * (server/shared/sweeps/definition.ts); the budget columns start as its budget and change when a
 * person extends it. The scheduler (server/shared/sweeps/scheduler.ts) locks this row while it
 * decides, so two workers finishing trials at once never launch one trial too many.
 */
export const sweeps = pgTable(
  'sweeps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** Per team, for people: "sweep #3". */
    number: integer('number').notNull(),
    splitId: uuid('split_id')
      .notNull()
      .references(() => splits.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    definition: jsonb('definition').notNull(),
    /** The validated model config every trial starts from. */
    baseConfig: jsonb('base_config').notNull(),
    status: sweepStatus('status').notNull().default('running'),
    maxTrials: integer('max_trials').notNull(),
    maxEpochs: integer('max_epochs'),
    concurrency: integer('concurrency').notNull(),
    /** Configurations the strategy has proposed (the grid index, the random stream's position). */
    configsProposed: integer('configs_proposed').notNull().default(0),
    /** Why the sweep ended, in words ("the grid is exhausted", "the trial budget is spent"). */
    endReason: text('end_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [unique('sweeps_team_number_unique').on(t.teamId, t.number), index('sweeps_split_idx').on(t.splitId), index('sweeps_status_idx').on(t.status)],
);

/** One configuration × one seed of a sweep, trained as an ordinary run. */
export const sweepTrials = pgTable(
  'sweep_trials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sweepId: uuid('sweep_id')
      .notNull()
      .references(() => sweeps.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** Per sweep: "trial 7". */
    number: integer('number').notNull(),
    /** assignmentKey(assignment): replicates of one configuration share it. */
    configKey: text('config_key').notNull(),
    assignment: jsonb('assignment').$type<Record<string, string | number | boolean>>().notNull(),
    seed: integer('seed').notNull(),
    source: trialSource('source').notNull(),
    /** Whether the sweep's early-stopping rule judges this trial (confirmation trials run to the end). */
    judged: boolean('judged').notNull().default(true),
    /** The trial's current run (a retry after a lost worker gets a new one). */
    runId: uuid('run_id').references(() => runs.id, { onDelete: 'set null' }),
    attempts: integer('attempts').notNull().default(0),
    status: trialStatus('status').notNull().default('pending'),
    /** The best goal value over the epochs trained so far (the run keeps the best epoch's weights). */
    value: doublePrecision('value'),
    epochsPlanned: integer('epochs_planned').notNull(),
    epochsDone: integer('epochs_done').notNull().default(0),
    stoppedAtEpoch: integer('stopped_at_epoch'),
    stoppedThreshold: doublePrecision('stopped_threshold'),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    unique('sweep_trials_sweep_number_unique').on(t.sweepId, t.number),
    unique('sweep_trials_run_unique').on(t.runId),
    index('sweep_trials_sweep_status_idx').on(t.sweepId, t.status),
  ],
);

/** ASHA's ladder: the value each trial had when it reached a rung (what later trials are judged against). */
export const sweepRungValues = pgTable(
  'sweep_rung_values',
  {
    sweepId: uuid('sweep_id')
      .notNull()
      .references(() => sweeps.id, { onDelete: 'cascade' }),
    rung: integer('rung').notNull(),
    trialId: uuid('trial_id')
      .notNull()
      .references(() => sweepTrials.id, { onDelete: 'cascade' }),
    value: doublePrecision('value').notNull(),
    /** Whether the trial went on past this rung. */
    promoted: boolean('promoted').notNull(),
    threshold: doublePrecision('threshold'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sweepId, t.rung, t.trialId] })],
);
