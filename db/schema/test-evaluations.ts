import { doublePrecision, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { sealedSets, splits } from './datasets';
import { runs } from './runs';
import { teams } from './teams';

export const budgetPeriod = pgEnum('test_budget_period', ['week', 'month', 'total']);

/**
 * How many test evaluations a team may spend on a sealed set per period; set by an admin. Keyed by
 * the sealed rows, not by a split: a second split of the same version shares this budget.
 */
export const testBudgets = pgTable('test_budgets', {
  sealedSetId: uuid('sealed_set_id')
    .primaryKey()
    .references(() => sealedSets.id, { onDelete: 'cascade' }),
  teamId: uuid('team_id')
    .notNull()
    .references(() => teams.id, { onDelete: 'cascade' }),
  maxEvaluations: integer('max_evaluations').notNull(),
  period: budgetPeriod('period').notNull(),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One row per granted request: inserted under the split's budget lock, so concurrent requests
 * can never overspend. Append-only (a trigger refuses UPDATE and DELETE while the team exists).
 */
export const testEvaluations = pgTable(
  'test_evaluations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    splitId: uuid('split_id')
      .notNull()
      .references(() => splits.id, { onDelete: 'cascade' }),
    /** The sealed rows this evaluation looked at: budgets count per sealed set. */
    sealedSetId: uuid('sealed_set_id')
      .notNull()
      .references(() => sealedSets.id, { onDelete: 'cascade' }),
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
    /** SHA-256 of the weights evaluated: the audit names the exact model, not just the run. */
    modelHash: text('model_hash').notNull(),
    reason: text('reason').notNull().default(''),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('test_evaluations_split_time_idx').on(t.splitId, t.requestedAt),
    index('test_evaluations_sealed_set_time_idx').on(t.sealedSetId, t.requestedAt),
    index('test_evaluations_team_idx').on(t.teamId),
  ],
);

/** What came back for a request: the score, or why it failed. Append-only like the requests. */
export const testEvaluationResults = pgTable('test_evaluation_results', {
  evaluationId: uuid('evaluation_id')
    .primaryKey()
    .references(() => testEvaluations.id, { onDelete: 'cascade' }),
  teamId: uuid('team_id')
    .notNull()
    .references(() => teams.id, { onDelete: 'cascade' }),
  outcome: text('outcome').notNull(),
  metric: text('metric'),
  score: doublePrecision('score'),
  ciLow: doublePrecision('ci_low'),
  ciHigh: doublePrecision('ci_high'),
  testCount: integer('test_count'),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  error: text('error'),
  completedAt: timestamp('completed_at', { withTimezone: true }).notNull().defaultNow(),
});
