import 'server-only';
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { runs, splits, testEvaluationResults, testEvaluations, users } from '@/db/schema';
import { DomainError } from '../errors';

/**
 * The audit log of test evaluations, as every team member may read it: who asked, when, for which
 * run and exact model, why, and what came back. Aggregates only: no test row, label or
 * per-row prediction is stored, let alone returned.
 */
export interface TestEvaluationDto {
  id: string;
  splitId: string;
  splitName: string;
  runId: string;
  runNumber: number;
  requestedBy: { id: string; name: string } | null;
  requestedAt: Date;
  modelHash: string;
  reason: string;
  /** pending until the worker records a result; then ok or failed. */
  status: 'pending' | 'ok' | 'failed';
  result: TestEvaluationResultDto | null;
}

export interface TestEvaluationResultDto {
  metric: 'accuracy' | 'rmse' | null;
  score: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  testCount: number | null;
  /** Interval method, confidence and aggregate counts (e.g. test rows of a class the run never saw). */
  detail: Record<string, unknown>;
  /** Why a failed evaluation produced no score; safe to show. */
  error: string | null;
  completedAt: Date;
}

const columns = {
  id: testEvaluations.id,
  splitId: testEvaluations.splitId,
  splitName: splits.name,
  runId: testEvaluations.runId,
  runNumber: runs.number,
  requestedById: testEvaluations.requestedBy,
  requestedByName: users.name,
  requestedAt: testEvaluations.requestedAt,
  modelHash: testEvaluations.modelHash,
  reason: testEvaluations.reason,
  outcome: testEvaluationResults.outcome,
  metric: testEvaluationResults.metric,
  score: testEvaluationResults.score,
  ciLow: testEvaluationResults.ciLow,
  ciHigh: testEvaluationResults.ciHigh,
  testCount: testEvaluationResults.testCount,
  detail: testEvaluationResults.detail,
  error: testEvaluationResults.error,
  completedAt: testEvaluationResults.completedAt,
};

function select(db: Database, where: SQL | undefined) {
  return db
    .select(columns)
    .from(testEvaluations)
    .innerJoin(runs, eq(runs.id, testEvaluations.runId))
    .innerJoin(splits, eq(splits.id, testEvaluations.splitId))
    .leftJoin(users, eq(users.id, testEvaluations.requestedBy))
    .leftJoin(testEvaluationResults, eq(testEvaluationResults.evaluationId, testEvaluations.id))
    .where(where);
}

type Row = Awaited<ReturnType<typeof select>>[number];

function toDto(row: Row): TestEvaluationDto {
  const status = row.outcome === null ? 'pending' : row.outcome === 'ok' ? 'ok' : 'failed';
  return {
    id: row.id,
    splitId: row.splitId,
    splitName: row.splitName,
    runId: row.runId,
    runNumber: row.runNumber,
    requestedBy: row.requestedById && row.requestedByName !== null ? { id: row.requestedById, name: row.requestedByName } : null,
    requestedAt: row.requestedAt,
    modelHash: row.modelHash,
    reason: row.reason,
    status,
    result:
      status === 'pending'
        ? null
        : {
            metric: row.metric as TestEvaluationResultDto['metric'],
            score: row.score,
            ciLow: row.ciLow,
            ciHigh: row.ciHigh,
            testCount: row.testCount,
            detail: row.detail ?? {},
            error: row.error,
            completedAt: row.completedAt!,
          },
  };
}

export async function listEvaluations(
  db: Database,
  teamId: string,
  filter: { splitId?: string; runId?: string; limit: number; cursor?: { requestedAt: Date; id: string } },
): Promise<{ items: TestEvaluationDto[]; nextCursor: { requestedAt: Date; id: string } | null }> {
  const rows = await select(
    db,
    and(
      eq(testEvaluations.teamId, teamId),
      filter.splitId ? eq(testEvaluations.splitId, filter.splitId) : undefined,
      filter.runId ? eq(testEvaluations.runId, filter.runId) : undefined,
      filter.cursor
        ? or(
            lt(testEvaluations.requestedAt, filter.cursor.requestedAt),
            and(eq(testEvaluations.requestedAt, filter.cursor.requestedAt), lt(testEvaluations.id, filter.cursor.id)),
          )
        : undefined,
    ),
  )
    .orderBy(desc(testEvaluations.requestedAt), desc(testEvaluations.id))
    .limit(filter.limit + 1);
  const items = rows.slice(0, filter.limit).map(toDto);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > filter.limit && last ? { requestedAt: last.requestedAt, id: last.id } : null };
}

export async function getEvaluation(db: Database, teamId: string, evaluationId: string): Promise<TestEvaluationDto> {
  const [row] = await select(db, and(eq(testEvaluations.teamId, teamId), eq(testEvaluations.id, evaluationId)));
  if (!row) throw new DomainError('NOT_FOUND', 'No such test evaluation in this team.');
  return toDto(row);
}

/** The run's most recent evaluation, or null when it has none. */
export async function latestEvaluationOfRun(db: Database, teamId: string, runId: string): Promise<TestEvaluationDto | null> {
  const [row] = await select(db, and(eq(testEvaluations.teamId, teamId), eq(testEvaluations.runId, runId)))
    .orderBy(desc(testEvaluations.requestedAt), desc(testEvaluations.id))
    .limit(1);
  return row ? toDto(row) : null;
}
