import { sql } from 'drizzle-orm';
import { bigint, doublePrecision, index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { teams } from './teams';

export const taskKind = pgEnum('task_kind', ['classification', 'regression']);

export const datasets = pgTable(
  'datasets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Hidden from lists, kept for its splits, runs, seal and audit; its name is free for another dataset. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('datasets_team_active_name_unique').on(t.teamId, t.name).where(sql`archived_at IS NULL`)],
);

/**
 * An uploaded, parsed file waiting for its uploader to pick the target: visible to that
 * person only. Registering it creates an immutable dataset version.
 */
export const datasetDrafts = pgTable(
  'dataset_drafts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    byteSize: bigint('byte_size', { mode: 'number' }).notNull(),
    contentHash: text('content_hash').notNull(),
    rawBlobKey: text('raw_blob_key').notNull(),
    columnarBlobKey: text('columnar_blob_key').notNull(),
    delimiter: text('delimiter').notNull(),
    rowCount: integer('row_count').notNull(),
    schema: jsonb('schema').notNull(),
    preview: jsonb('preview').notNull(),
    warnings: jsonb('warnings').$type<string[]>().notNull().default([]),
    source: jsonb('source').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('dataset_drafts_team_user_idx').on(t.teamId, t.createdBy)],
);

export const datasetVersions = pgTable(
  'dataset_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id, { onDelete: 'cascade' }),
    /** Denormalized so every query can filter by team without a join. */
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    fileName: text('file_name').notNull(),
    byteSize: bigint('byte_size', { mode: 'number' }).notNull(),
    /** SHA-256 of the raw file. */
    contentHash: text('content_hash').notNull(),
    rawBlobKey: text('raw_blob_key').notNull(),
    columnarBlobKey: text('columnar_blob_key').notNull(),
    delimiter: text('delimiter').notNull(),
    rowCount: integer('row_count').notNull(),
    /** Inferred columns with statistics; the target's per-value statistics are sealed on the way out. */
    schema: jsonb('schema').notNull(),
    preview: jsonb('preview').notNull(),
    targetColumn: text('target_column').notNull(),
    taskKind: taskKind('task_kind').notNull(),
    excludedColumns: jsonb('excluded_columns').$type<string[]>().notNull().default([]),
    /** Where the data came from: an upload, or a generated/shipped example with its parameters. */
    source: jsonb('source').$type<Record<string, unknown>>().notNull().default({}),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('dataset_versions_dataset_version_unique').on(t.datasetId, t.version), index('dataset_versions_team_idx').on(t.teamId)],
);

/**
 * The rows of a dataset version that are test rows, fixed by the version's first frozen split:
 * every later split of the version keeps exactly these rows in test and divides the others
 * between train and dev. One per version; test budgets and evaluations belong to it, so any
 * number of splits of a version share one budget and one audit trail.
 */
export const sealedSets = pgTable(
  'sealed_sets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    datasetVersionId: uuid('dataset_version_id')
      .notNull()
      .references(() => datasetVersions.id, { onDelete: 'cascade' }),
    /** The manifest of the split that fixed the seal; its test rows (part code 2) are the sealed rows. */
    manifestBlobKey: text('manifest_blob_key').notNull(),
    /** SHA-256 of the sealed row indices (uint32 little-endian, ascending): "same sealed rows?" */
    rowsHash: text('rows_hash').notNull(),
    testCount: integer('test_count').notNull(),
    /** The target column's statistics over the rows that are NOT sealed; null for seals made before they were kept. */
    targetStats: jsonb('target_stats'),
    sealedBySplitName: text('sealed_by_split_name').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('sealed_sets_version_unique').on(t.datasetVersionId), index('sealed_sets_team_idx').on(t.teamId)],
);

export const splits = pgTable(
  'splits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    datasetVersionId: uuid('dataset_version_id')
      .notNull()
      .references(() => datasetVersions.id, { onDelete: 'cascade' }),
    /** The version's sealed set: this split's test rows are exactly its rows. */
    sealedSetId: uuid('sealed_set_id')
      .notNull()
      .references(() => sealedSets.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    strategy: text('strategy').notNull(),
    /** The validated split definition (strategy, fractions, seed, columns). */
    definition: jsonb('definition').notNull(),
    definitionHash: text('definition_hash').notNull(),
    manifestHash: text('manifest_hash').notNull(),
    manifestBlobKey: text('manifest_blob_key').notNull(),
    trainCount: integer('train_count').notNull(),
    devCount: integer('dev_count').notNull(),
    testCount: integer('test_count').notNull(),
    /** Computed once at freeze time: per-part summaries, precision, mismatch checks (sealed). */
    guidance: jsonb('guidance').notNull(),
    /** The team's expected human-level (or best known) error; metadata, not part of the frozen manifest. */
    humanLevelError: doublePrecision('human_level_error'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Hidden from lists and closed to new runs; kept (with its runs, test evaluations and seal). Its name is free again. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [
    unique('splits_version_definition_unique').on(t.datasetVersionId, t.definitionHash),
    uniqueIndex('splits_team_active_name_unique').on(t.teamId, t.name).where(sql`archived_at IS NULL`),
    index('splits_team_idx').on(t.teamId),
  ],
);
