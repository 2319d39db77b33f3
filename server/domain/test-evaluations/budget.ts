import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { splits, testBudgets, testEvaluationResults, testEvaluations, users } from '@/db/schema';
import { recordTeamAudit } from '../teams/audit';
import { DomainError } from '../../shared/errors';

export const BUDGET_PERIODS = ['week', 'month', 'total'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

/**
 * Until an admin sets one, a sealed set has this budget: requests work out of the box, and the
 * test split is still protected from being used as a second dev split. Budgets belong to the
 * sealed set (a dataset version's test rows), so every split of a version draws on one budget.
 */
export const DEFAULT_BUDGET = { maxEvaluations: 3, period: 'week' as BudgetPeriod };

/**
 * Windows are rolling (the last 7 days, the last 30 days), so "the next one" has an exact time
 * and no calendar boundary lets a team spend two periods' budget in one sitting.
 */
const WINDOW_DAYS: Record<BudgetPeriod, number | null> = { week: 7, month: 30, total: null };
const PERIOD_WORDS: Record<BudgetPeriod, string> = { week: 'in the past 7 days', month: 'in the past 30 days', total: 'in total' };

export interface BudgetState {
  /** The split asked about; the budget itself belongs to its sealed set. */
  splitId: string;
  sealedSetId: string;
  /** Splits of the dataset version that share this sealed set, and so this budget. */
  sharedBySplits: number;
  maxEvaluations: number;
  period: BudgetPeriod;
  /** True when no admin has set a budget for this sealed set and DEFAULT_BUDGET applies. */
  isDefault: boolean;
  /** Evaluations counted against the current window (a failed evaluation revealed nothing and is not counted). */
  used: number;
  remaining: number;
  /** When the next evaluation becomes available if none remain; null when one is available now or never will be. */
  nextAvailableAt: Date | null;
  updatedAt: Date | null;
  updatedByName: string | null;
  /** The refusal a request would get now, so a page can say it before anyone clicks; null while one remains. */
  spentMessage: string | null;
}

/** Serialises budget decisions per sealed set; held until the caller's transaction ends. */
export async function lockSealedSetBudget(tx: Database, sealedSetId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`holdout:test-budget:${sealedSetId}`}, 0))`);
}

/** The budget and its use right now; under `lockSealedSetBudget` the answer holds until commit. */
export async function readBudgetState(db: Database, teamId: string, split: { id: string; sealedSetId: string }): Promise<BudgetState> {
  const { sealedSetId } = split;
  const [row] = await db
    .select({ maxEvaluations: testBudgets.maxEvaluations, period: testBudgets.period, updatedAt: testBudgets.updatedAt, updatedByName: users.name })
    .from(testBudgets)
    .leftJoin(users, eq(users.id, testBudgets.updatedBy))
    .where(and(eq(testBudgets.sealedSetId, sealedSetId), eq(testBudgets.teamId, teamId)));
  const budget = row ?? { ...DEFAULT_BUDGET, updatedAt: null, updatedByName: null };
  const window = WINDOW_DAYS[budget.period];
  const counted = and(
    eq(testEvaluations.teamId, teamId),
    eq(testEvaluations.sealedSetId, sealedSetId),
    sql`${testEvaluationResults.outcome} IS DISTINCT FROM 'failed'`,
    window ? sql`${testEvaluations.requestedAt} > now() - make_interval(days => ${window})` : undefined,
  );
  const countedEvaluations = () =>
    db.select({ requestedAt: testEvaluations.requestedAt }).from(testEvaluations).leftJoin(testEvaluationResults, eq(testEvaluationResults.evaluationId, testEvaluations.id));
  const [{ used } = { used: 0 }] = await db
    .select({ used: sql<number>`count(*)::int` })
    .from(testEvaluations)
    .leftJoin(testEvaluationResults, eq(testEvaluationResults.evaluationId, testEvaluations.id))
    .where(counted);
  const [{ sharing } = { sharing: 1 }] = await db
    .select({ sharing: sql<number>`count(*)::int` })
    .from(splits)
    .where(and(eq(splits.sealedSetId, sealedSetId), eq(splits.teamId, teamId)));
  let nextAvailableAt: Date | null = null;
  if (window && budget.maxEvaluations > 0 && used >= budget.maxEvaluations) {
    // The slot frees up when the (used − max + 1)-th oldest counted evaluation leaves the window.
    const [oldest] = await countedEvaluations()
      .where(counted)
      .orderBy(asc(testEvaluations.requestedAt))
      .offset(used - budget.maxEvaluations)
      .limit(1);
    if (oldest) nextAvailableAt = new Date(oldest.requestedAt.getTime() + window * 86_400_000);
  }
  const state = {
    splitId: split.id,
    sealedSetId,
    sharedBySplits: sharing,
    maxEvaluations: budget.maxEvaluations,
    period: budget.period,
    isDefault: !row,
    used,
    remaining: Math.max(0, budget.maxEvaluations - used),
    nextAvailableAt,
    updatedAt: budget.updatedAt,
    updatedByName: budget.updatedByName,
    spentMessage: null,
  };
  return { ...state, spentMessage: state.remaining === 0 ? budgetSpentMessage(state) : null };
}

/** "The test budget for this split is spent: 3 of 3 evaluations in the past week; …" */
export function budgetSpentMessage(state: Omit<BudgetState, 'spentMessage'>): string {
  const shared = state.sharedBySplits > 1 ? ` (shared by the ${state.sharedBySplits} splits of this dataset version: they have the same sealed test rows)` : '';
  if (state.maxEvaluations === 0) {
    return `The test budget for this split is 0 evaluations${shared}, so none can be requested. Ask an admin to raise it.`;
  }
  const when = state.nextAvailableAt
    ? `the next one is available on ${formatUtc(state.nextAvailableAt)}`
    : 'no more become available with time';
  return `The test budget for this split is spent${shared}: ${state.used} of ${state.maxEvaluations} evaluations ${PERIOD_WORDS[state.period]}; ${when}. Ask an admin to raise it.`;
}

function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The split and the sealed set whose budget it draws on. */
export async function splitWithSeal(db: Database, teamId: string, splitId: string): Promise<{ id: string; sealedSetId: string }> {
  const [split] = await db.select({ id: splits.id, sealedSetId: splits.sealedSetId }).from(splits).where(and(eq(splits.id, splitId), eq(splits.teamId, teamId)));
  if (!split) throw new DomainError('NOT_FOUND', 'No such split in this team.');
  return split;
}

export async function getBudget(db: Database, teamId: string, splitId: string): Promise<BudgetState> {
  return readBudgetState(db, teamId, await splitWithSeal(db, teamId, splitId));
}

/**
 * Sets the budget of a split's sealed set (admins; the router checks), and so of every split of
 * its dataset version. Lowering it never voids evaluations already made: they keep counting, so
 * the next one waits until enough leave the window.
 */
export async function setBudget(
  db: Database,
  input: { teamId: string; userId: string; splitId: string; maxEvaluations: number; period: BudgetPeriod },
): Promise<BudgetState> {
  if (!Number.isInteger(input.maxEvaluations) || input.maxEvaluations < 0) {
    throw new DomainError('BAD_INPUT', `maxEvaluations must be a whole number of 0 or more, got ${input.maxEvaluations}.`);
  }
  const split = await splitWithSeal(db, input.teamId, input.splitId);
  await db.transaction(async (tx) => {
    // The same lock as requests: a request in flight sees either the old budget or the new one.
    await lockSealedSetBudget(tx, split.sealedSetId);
    const values = { maxEvaluations: input.maxEvaluations, period: input.period, updatedBy: input.userId, updatedAt: sql`now()` };
    await tx
      .insert(testBudgets)
      .values({ sealedSetId: split.sealedSetId, teamId: input.teamId, ...values })
      .onConflictDoUpdate({ target: testBudgets.sealedSetId, set: values, setWhere: eq(testBudgets.teamId, input.teamId) });
    await recordTeamAudit(tx, {
      teamId: input.teamId,
      actorId: input.userId,
      action: 'budget.changed',
      detail: { splitId: input.splitId, sealedSetId: split.sealedSetId, maxEvaluations: input.maxEvaluations, period: input.period },
    });
  });
  return readBudgetState(db, input.teamId, split);
}
