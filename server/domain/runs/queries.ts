import 'server-only';
import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { datasets, datasetVersions, runEpochs, runLogs, runs, runTags, splits, sweeps, sweepTrials, users } from '@/db/schema';
import type { ModelConfig } from '../../shared/runs/model-config';
import type { RunOrigin } from '../../shared/runs/run-status';
import { runNameOf } from '../../shared/runs/run-name';
import { verdictsSinceReady } from '../collaboration/reviews';
import type { ConfigFilter, RunMetricFilterField, RunSortField } from '../../shared/runs/run-view';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { DomainError } from '../../shared/errors';

export type RunStatus = (typeof runs.$inferSelect)['status'];

/**
 * A run row as the pages show it: its name (given, or the default from its config), and its config
 * split by origin: a trainer run's model config, or an external run's free JSON as `params`.
 */
function named<T extends { name: string | null; config: unknown; origin: RunOrigin }>(
  row: T,
): Omit<T, 'name' | 'config'> & { name: string; namedByHand: boolean; config: ModelConfig | null; params: Record<string, unknown> | null } {
  if (row.origin === 'external') {
    return { ...row, config: null, params: (row.config ?? {}) as Record<string, unknown>, name: row.name ?? 'External run', namedByHand: row.name !== null };
  }
  const config = row.config as ModelConfig;
  return { ...row, config, params: null, name: runNameOf({ name: row.name, config }), namedByHand: row.name !== null };
}

const summaryColumns = {
  id: runs.id,
  number: runs.number,
  name: runs.name,
  status: runs.status,
  splitId: runs.splitId,
  splitName: splits.name,
  datasetName: datasets.name,
  taskKind: datasetVersions.taskKind,
  createdById: runs.createdBy,
  createdByName: users.name,
  config: runs.config,
  origin: runs.origin,
  source: runs.source,
  pool: runs.pool,
  epochsDone: runs.epochsDone,
  epochsPlanned: runs.epochsPlanned,
  trainLoss: runs.trainLoss,
  devLoss: runs.devLoss,
  trainAccuracy: runs.trainAccuracy,
  devAccuracy: runs.devAccuracy,
  devMacroF1: runs.devMacroF1,
  trainRmse: runs.trainRmse,
  devRmse: runs.devRmse,
  devMae: runs.devMae,
  devR2: runs.devR2,
  backend: runs.backend,
  failureReason: runs.failureReason,
  createdAt: runs.createdAt,
  startedAt: runs.startedAt,
  finishedAt: runs.finishedAt,
  trainingMs: runs.trainingMs,
  readyForReviewAt: runs.readyForReviewAt,
  reviewApprovals: verdictsSinceReady('approved'),
  reviewChangesRequested: verdictsSinceReady('changes_requested'),
  /** The first 140 characters: the table shows the idea at a glance; the run page has it all. */
  notePreview: sql<string>`left(${runs.note}, 140)`,
  tags: sql<string[]>`coalesce((select array_agg(t.tag order by t.tag) from ${runTags} t where t.run_id = ${runs.id}), '{}')`,
  // The latest test evaluation that produced a score (a model is scored once; a failed look has none).
  testScore: sql<number | null>`(select r.score from test_evaluations e join test_evaluation_results r on r.evaluation_id = e.id where e.run_id = ${runs.id} and r.outcome = 'ok' order by r.completed_at desc limit 1)`,
  testMetric: sql<string | null>`(select r.metric from test_evaluations e join test_evaluation_results r on r.evaluation_id = e.id where e.run_id = ${runs.id} and r.outcome = 'ok' order by r.completed_at desc limit 1)`,
  // A sweep's trial says so wherever the run is listed ("sweep #3 · trial 7").
  sweepId: sweepTrials.sweepId,
  sweepNumber: sweeps.number,
  trialNumber: sweepTrials.number,
};

const SORT_COLUMN: Record<RunSortField, AnyPgColumn> = {
  createdAt: runs.createdAt,
  number: runs.number,
  devAccuracy: runs.devAccuracy,
  devMacroF1: runs.devMacroF1,
  devRmse: runs.devRmse,
  devMae: runs.devMae,
  devR2: runs.devR2,
  devLoss: runs.devLoss,
  trainLoss: runs.trainLoss,
  epochsDone: runs.epochsDone,
} as const;
const NOT_NULL_SORTS: ReadonlySet<RunSortField> = new Set(['createdAt', 'number', 'epochsDone']);

const METRIC_COLUMN: Record<RunMetricFilterField, AnyPgColumn> = {
  devAccuracy: runs.devAccuracy,
  trainAccuracy: runs.trainAccuracy,
  devMacroF1: runs.devMacroF1,
  devRmse: runs.devRmse,
  trainRmse: runs.trainRmse,
  devMae: runs.devMae,
  devR2: runs.devR2,
  devLoss: runs.devLoss,
  trainLoss: runs.trainLoss,
  epochsDone: runs.epochsDone,
} as const;

/** Where the cursor points: the last row of the previous page. */
export interface RunListCursor {
  id: string;
  /** For the createdAt sort (what older callers send). */
  createdAt?: Date;
  /** For every other sort: the sort column's value on that row (null when it had none). */
  value?: number | null;
}

export interface RunListFilter {
  splitId?: string;
  /** Only these runs (the compare view's names and configs, in one query). */
  runIds?: string[];
  status?: RunStatus[];
  createdBy?: string;
  /** Runs carrying this tag (run_tags). */
  tag?: string;
  metrics?: { field: RunMetricFilterField; min?: number; max?: number }[];
  config?: ConfigFilter[];
  /** True: only archived runs; otherwise archived runs are left out. */
  archived?: boolean;
  sort?: { field: RunSortField; direction: 'asc' | 'desc' };
  cursor?: RunListCursor;
  limit: number;
}

/** JSONB containment on runs.config: exact and type-aware (1e-3 matches 0.001, 32 never matches "32"). */
function configCondition(filter: ConfigFilter): SQL {
  const contains = (doc: unknown) => sql`${runs.config} @> ${JSON.stringify(doc)}::jsonb`;
  switch (filter.path) {
    case 'layers':
      return sql`jsonb_array_length(${runs.config} -> 'hiddenLayers') = ${filter.value}`;
    case 'units':
    case 'activation':
    case 'dropout':
      return contains({ hiddenLayers: [{ [filter.path]: filter.value }] });
    case 'optimizer':
    case 'initializer':
      return contains({ [filter.path]: { kind: filter.value } });
    default:
      return contains({ [filter.path]: filter.value });
  }
}

function filterConditions(teamId: string, filter: RunListFilter): (SQL | undefined)[] {
  return [
    eq(runs.teamId, teamId),
    filter.splitId ? eq(runs.splitId, filter.splitId) : undefined,
    filter.runIds ? inArray(runs.id, filter.runIds.length ? filter.runIds : ['00000000-0000-0000-0000-000000000000']) : undefined,
    filter.status?.length ? inArray(runs.status, filter.status) : undefined,
    filter.createdBy ? eq(runs.createdBy, filter.createdBy) : undefined,
    // Archived runs are listed only when asked for (or named by id, as the compare view does).
    filter.runIds ? undefined : filter.archived ? isNotNull(runs.archivedAt) : isNull(runs.archivedAt),
    filter.tag
      ? sql`exists (select 1 from ${runTags} where ${runTags.runId} = ${runs.id} and ${runTags.teamId} = ${teamId} and ${runTags.tag} = ${filter.tag})`
      : undefined,
    ...(filter.metrics ?? []).flatMap(({ field, min, max }) => [
      min !== undefined ? gte(METRIC_COLUMN[field], min) : undefined,
      max !== undefined ? lte(METRIC_COLUMN[field], max) : undefined,
    ]),
    ...(filter.config ?? []).map(configCondition),
  ];
}

/**
 * One page of the team's runs, filtered and sorted on the server. Pagination is keyset on
 * (sort column, id), which the (team_id, column, id) indexes serve directly; a nullable column is
 * read in two segments, its values first and then the runs without one (nulls last in both
 * directions), so every sort walks every run exactly once.
 */
export async function listRuns(db: Database, teamId: string, filter: RunListFilter) {
  const sort = filter.sort ?? { field: 'createdAt', direction: 'desc' };
  const column = SORT_COLUMN[sort.field];
  const desc_ = sort.direction === 'desc';
  const cmp = desc_ ? sql.raw('<') : sql.raw('>');
  const order = desc_ ? [desc(column), desc(runs.id)] : [asc(column), asc(runs.id)];
  const idOrder = desc_ ? desc(runs.id) : asc(runs.id);
  const base = filterConditions(teamId, filter);
  const cursor = filter.cursor;
  const want = filter.limit + 1;

  const page = (conditions: (SQL | undefined)[], orderBy: SQL[], limit: number) =>
    db
      .select(summaryColumns)
      .from(runs)
      .innerJoin(splits, eq(splits.id, runs.splitId))
      .innerJoin(datasetVersions, eq(datasetVersions.id, runs.datasetVersionId))
      .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
      .leftJoin(users, eq(users.id, runs.createdBy))
      .leftJoin(sweepTrials, eq(sweepTrials.runId, runs.id))
      .leftJoin(sweeps, eq(sweeps.id, sweepTrials.sweepId))
      .where(and(...base, ...conditions))
      .orderBy(...orderBy)
      .limit(limit);

  let rows: Awaited<ReturnType<typeof page>>;
  if (sort.field === 'createdAt') {
    // Timestamps keep microseconds and a JS Date only milliseconds: read the cursor row's exact
    // value in the database (falling back to the sent one if that run was deleted meanwhile).
    const after = cursor
      ? sql`(${runs.createdAt}, ${runs.id}) ${cmp} (coalesce((select c.created_at from runs c where c.id = ${cursor.id} and c.team_id = ${teamId}), ${cursor.createdAt ?? null}::timestamptz), ${cursor.id}::uuid)`
      : undefined;
    rows = await page([after], order, want);
  } else {
    if (cursor && cursor.value === undefined) throw new DomainError('BAD_INPUT', `A cursor for the ${sort.field} sort needs the value it stopped at.`);
    const valueCursor = cursor as { id: string; value: number | null } | undefined;
    if (NOT_NULL_SORTS.has(sort.field)) {
      const after = valueCursor && valueCursor.value !== null ? sql`(${column}, ${runs.id}) ${cmp} (${valueCursor.value}, ${valueCursor.id}::uuid)` : undefined;
      rows = await page([after], order, want);
    } else if (valueCursor && valueCursor.value === null) {
      rows = await page([isNull(column), sql`${runs.id} ${cmp} ${valueCursor.id}::uuid`], [idOrder], want);
    } else {
      const after = valueCursor ? sql`(${column}, ${runs.id}) ${cmp} (${valueCursor.value}, ${valueCursor.id}::uuid)` : undefined;
      rows = await page([isNotNull(column), after], order, want);
      if (rows.length < want) rows = rows.concat(await page([isNull(column)], [idOrder], want - rows.length));
    }
  }

  const items = rows.slice(0, filter.limit).map(named);
  const last = items.at(-1);
  let nextCursor: RunListCursor | null = null;
  if (rows.length > filter.limit && last) {
    nextCursor = sort.field === 'createdAt' ? { createdAt: last.createdAt, id: last.id } : { value: last[sort.field], id: last.id };
  }
  return { items, nextCursor };
}

/**
 * Every run matching a runs-table view, in its order, as ids only: "select all matching" for the
 * compare view, which holds up to `limit` runs. `total` counts them all.
 */
export async function matchingRunIds(db: Database, teamId: string, filter: Omit<RunListFilter, 'cursor' | 'limit'>, limit: number) {
  const sort = filter.sort ?? { field: 'createdAt', direction: 'desc' };
  const column = SORT_COLUMN[sort.field];
  const direction = sort.direction === 'desc' ? sql.raw('desc') : sql.raw('asc');
  const where = and(...filterConditions(teamId, { ...filter, limit }));
  const [rows, [counted]] = await Promise.all([
    db
      .select({ id: runs.id })
      .from(runs)
      .where(where)
      .orderBy(sql`${column} ${direction} nulls last`, sql`${runs.id} ${direction}`)
      .limit(limit),
    db.select({ total: count() }).from(runs).where(where),
  ]);
  return { ids: rows.map((r) => r.id), total: counted?.total ?? 0 };
}

export async function getRun(db: Database, teamId: string, runId: string) {
  const [row] = await db
    .select({
      ...summaryColumns,
      datasetId: datasets.id,
      datasetVersionId: runs.datasetVersionId,
      datasetVersion: datasetVersions.version,
      humanLevelError: splits.humanLevelError,
      seed: runs.seed,
      datasetHash: runs.datasetHash,
      splitHash: runs.splitHash,
      device: runs.device,
      tfjsVersion: runs.tfjsVersion,
      workerName: runs.workerName,
      failureKind: runs.failureKind,
      paramCount: runs.paramCount,
      bestEpoch: runs.bestEpoch,
      stoppedEarly: runs.stoppedEarly,
      confusionMatrix: runs.confusionMatrix,
      classes: runs.classes,
      weightsHash: runs.weightsHash,
      hasWeights: runs.weightsBlobKey,
      trainingMs: runs.trainingMs,
      cancelRequestedAt: runs.cancelRequestedAt,
      archivedAt: runs.archivedAt,
      devCount: splits.devCount,
    })
    .from(runs)
    .innerJoin(splits, eq(splits.id, runs.splitId))
    .innerJoin(datasetVersions, eq(datasetVersions.id, runs.datasetVersionId))
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .leftJoin(users, eq(users.id, runs.createdBy))
    .leftJoin(sweepTrials, eq(sweepTrials.runId, runs.id))
    .leftJoin(sweeps, eq(sweeps.id, sweepTrials.sweepId))
    .where(and(eq(runs.id, runId), eq(runs.teamId, teamId)));
  if (!row) throw new DomainError('NOT_FOUND', 'No such run in this team.');
  const { hasWeights, ...rest } = row;
  return { ...named(rest), hasWeights: hasWeights !== null };
}

export async function assertRunInTeam(db: Database, teamId: string, runId: string): Promise<void> {
  const [row] = await db.select({ id: runs.id }).from(runs).where(and(eq(runs.id, runId), eq(runs.teamId, teamId)));
  if (!row) throw new DomainError('NOT_FOUND', 'No such run in this team.');
}

/** Epochs after `afterEpoch`, in order: a reconnecting client asks for what it missed. */
export async function listEpochs(db: Database, teamId: string, runId: string, afterEpoch = 0) {
  await assertRunInTeam(db, teamId, runId);
  return db
    .select({
      epoch: runEpochs.epoch,
      learningRate: runEpochs.learningRate,
      trainLoss: runEpochs.trainLoss,
      devLoss: runEpochs.devLoss,
      trainMetrics: runEpochs.trainMetrics,
      devMetrics: runEpochs.devMetrics,
      epochMs: runEpochs.epochMs,
      samplesPerSec: runEpochs.samplesPerSec,
    })
    .from(runEpochs)
    .where(and(eq(runEpochs.runId, runId), gt(runEpochs.epoch, afterEpoch)))
    .orderBy(asc(runEpochs.epoch));
}

export async function listLogs(db: Database, teamId: string, runId: string, afterId = 0) {
  await assertRunInTeam(db, teamId, runId);
  return db
    .select({ id: runLogs.id, level: runLogs.level, message: runLogs.message, createdAt: runLogs.createdAt })
    .from(runLogs)
    .where(and(eq(runLogs.runId, runId), gt(runLogs.id, afterId)))
    .orderBy(asc(runLogs.id))
    .limit(1000);
}
