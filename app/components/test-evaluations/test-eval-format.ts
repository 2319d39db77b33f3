import type { RouterOutputs } from '@/app/lib/router-types';
import { formatCount, formatNumber, formatPercent, formatWhen } from '@/app/lib/format';

export type TestBudget = RouterOutputs['testEvaluation']['budget'];
export type TestEvaluation = RouterOutputs['testEvaluation']['list']['items'][number];
export type BudgetPeriod = TestBudget['period'];

export const PERIOD_OPTIONS: { value: BudgetPeriod; label: string }[] = [
  { value: 'week', label: 'per week (rolling 7 days)' },
  { value: 'month', label: 'per month (rolling 30 days)' },
  { value: 'total', label: 'in total (never resets)' },
];

const LEFT_WHEN: Record<BudgetPeriod, string> = { week: 'this week', month: 'this month', total: 'in total' };

/** "2 of 3 left this week". */
export function budgetLeft(budget: TestBudget): string {
  return `${budget.remaining} of ${budget.maxEvaluations} left ${LEFT_WHEN[budget.period]}`;
}

type Result = NonNullable<TestEvaluation['result']>;

export function metricName(metric: Result['metric']): string {
  return metric === 'rmse' ? 'Test RMSE' : 'Test accuracy';
}

/** Accuracy as a percentage, RMSE in the target's units. */
export function formatScore(metric: Result['metric'], value: number | null): string {
  if (value === null) return '—';
  return metric === 'rmse' ? formatNumber(value) : formatPercent(value);
}

/** "95% CI 82.1% – 91.0%". */
export function formatCi(result: Result): string {
  if (result.ciLow === null || result.ciHigh === null) return '';
  return `95% CI ${formatScore(result.metric, result.ciLow)} – ${formatScore(result.metric, result.ciHigh)}`;
}

/** "87.3% (95% CI 82.1% – 91.0%)" for one-line lists; the outcome word for failures and pending. */
export function scoreLine(evaluation: TestEvaluation): string {
  const r = evaluation.result;
  if (!r) return 'Scoring…';
  if (evaluation.status === 'failed') return 'No score';
  const ci = formatCi(r);
  return `${formatScore(r.metric, r.score)}${ci ? ` (${ci})` : ''}`;
}

export function testRowsNote(result: Result): string | null {
  return result.testCount === null ? null : `on ${formatCount(result.testCount)} test rows`;
}

export { formatWhen };
