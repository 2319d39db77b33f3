import 'server-only';
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { runs, splits, testEvaluationResults, testEvaluations, users } from '@/db/schema';
import { DomainError } from '../../shared/errors';
import { splitWithSeal } from './budget';
import { evaluatesSameModelAs } from './same-model';

/**
 * The audit log of test evaluations, as every team member may read it: who asked, when, for which
 * run and exact model, why, and what came back. Aggregates only: no test row, label or
 * per-row prediction is stored, let alone returned.
 */
export interface TestEvaluationDto {
  id: string;
  splitId: string;
  /** The sealed test rows it looked at, shared by every split of the dataset version. */
  sealedSetId: string;
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
  /** Interval method and confidence; the score's own ingredients (correct count), nothing else about the test labels. */
  detail: Record<string, unknown>;
  /** Why a failed evaluation produced no score; safe to show. */
  error: string | null;
  completedAt: Date;
}

const columns = {
  id: testEvaluations.id,
  splitId: testEvaluations.splitId,
  sealedSetId: testEvaluations.sealedSetId,
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
    sealedSetId: row.sealedSetId,
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
            detail: outwardDetail(row.detail ?? {}),
            error: row.error,
            completedAt: row.completedAt!,
          },
  };
}

/**
 * Only what the score itself implies leaves the server. Counts such as "test rows of a class the
 * run never saw" or "test rows without a target" are further functions of the sealed labels.
 */
const OUTWARD_DETAIL_KEYS = ['interval', 'confidence', 'resamples', 'seed', 'correct'] as const;
function outwardDetail(detail: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(OUTWARD_DETAIL_KEYS.filter((k) => k in detail).map((k) => [k, detail[k]]));
}

/**
 * The audit log, newest first. Filtered by a split, it lists every evaluation of the split's
 * sealed set, whichever split of the dataset version it was requested through: they all spent
 * one budget on the same test rows.
 */
export async function listEvaluations(
  db: Database,
  teamId: string,
  filter: { splitId?: string; runId?: string; limit: number; cursor?: { requestedAt: Date; id: string } },
): Promise<{ items: TestEvaluationDto[]; nextCursor: { requestedAt: Date; id: string } | null }> {
  const sealedSetId = filter.splitId ? (await splitWithSeal(db, teamId, filter.splitId)).sealedSetId : undefined;
  const rows = await select(
    db,
    and(
      eq(testEvaluations.teamId, teamId),
      sealedSetId ? eq(testEvaluations.sealedSetId, sealedSetId) : undefined,
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

/**
 * The most recent evaluation of the run's model, or null when it has none: usually the run's own,
 * or that of a run with the same model (`runId` then names that run).
 */
export async function latestEvaluationOfRun(db: Database, teamId: string, runId: string): Promise<TestEvaluationDto | null> {
  const [row] = await select(db, and(eq(testEvaluations.teamId, teamId), evaluatesSameModelAs(runId)))
    .orderBy(desc(testEvaluations.requestedAt), desc(testEvaluations.id))
    .limit(1);
  return row ? toDto(row) : null;
}
