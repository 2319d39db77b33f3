'use client';

import { EvaluationAuditLog } from './evaluation-audit-log';
import { TestBudgetCard } from './test-budget-card';

/** The split page's test section: its budget, then who spent it on what. */
export function SplitTestEvaluations({ splitId }: { splitId: string }) {
  return (
    <div className="space-y-6">
      <TestBudgetCard splitId={splitId} />
      <EvaluationAuditLog splitId={splitId} />
    </div>
  );
}
