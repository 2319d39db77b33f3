'use client';

import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { can } from '@/server/shared/auth/permissions';
import { Badge } from '@/app/components/ui/badge';
import { Button } from '@/app/components/ui/button';
import { Card } from '@/app/components/ui/card';
import { FormError, SelectField, TextField } from '@/app/components/ui/field';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { errorMessage, fieldErrors, useTRPC } from '@/app/lib/trpc';
import { budgetLeft, formatWhen, PERIOD_OPTIONS, type BudgetPeriod, type TestBudget } from './test-eval-format';

/** How many test evaluations the split allows and how many are left; admins change it in place. */
export function TestBudgetCard({ splitId }: { splitId: string }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const budget = useQuery(trpc.testEvaluation.budget.queryOptions({ teamId: team.id, splitId }));
  const [editing, setEditing] = useState(false);
  const mayManage = can(team.role, 'budget.manage');
  const b = budget.data;
  return (
    <Card
      title="Test budget"
      description="Every evaluation on the sealed test split counts; a failed one revealed nothing and does not. Windows are rolling."
      actions={
        mayManage && b && !editing ? (
          <Button variant="secondary" onClick={() => setEditing(true)}>
            Change budget
          </Button>
        ) : undefined
      }
    >
      {budget.isError && <FormError message={errorMessage(budget.error)} />}
      {!b ? (
        budget.isPending && <p className="text-sm text-slate-500">Loading budget…</p>
      ) : editing ? (
        <BudgetForm budget={b} onDone={() => setEditing(false)} />
      ) : (
        <BudgetSummary budget={b} />
      )}
    </Card>
  );
}

function BudgetSummary({ budget: b }: { budget: TestBudget }) {
  const period = PERIOD_OPTIONS.find((p) => p.value === b.period)!.label;
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <div>
        <p className="text-2xl font-semibold tabular-nums text-slate-900">{budgetLeft(b)}</p>
        <p className="mt-0.5 text-sm text-slate-600">
          {b.maxEvaluations} evaluation{b.maxEvaluations === 1 ? '' : 's'} {period}
          {b.nextAvailableAt && <> · next one on {formatWhen(b.nextAvailableAt)}</>}
        </p>
        {b.sharedBySplits > 1 && (
          <p className="mt-0.5 text-xs text-slate-500">
            Shared by the {b.sharedBySplits} splits of this dataset version: they have the same sealed test rows.
          </p>
        )}
      </div>
      <p className="text-xs text-slate-500">
        {b.isDefault ? (
          <Badge title="No admin has set a budget for this split's test rows yet">default budget</Badge>
        ) : (
          b.updatedAt && <>Set by {b.updatedByName ?? 'a former member'}, {formatWhen(b.updatedAt)}</>
        )}
      </p>
    </div>
  );
}

function BudgetForm({ budget, onDone }: { budget: TestBudget; onDone: () => void }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [max, setMax] = useState(String(budget.maxEvaluations));
  const [period, setPeriod] = useState<BudgetPeriod>(budget.period);
  const save = useMutation(
    trpc.testEvaluation.setBudget.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(trpc.testEvaluation.budget.queryKey({ teamId: team.id, splitId: budget.splitId }), next);
        onDone();
      },
    }),
  );
  const errors = fieldErrors(save.error);
  const parsed = Number(max);
  const localError = max.trim() === '' || !Number.isInteger(parsed) || parsed < 0 ? 'Enter a whole number of 0 or more' : undefined;
  return (
    <form
      aria-label="Change test budget"
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (!localError) save.mutate({ teamId: team.id, splitId: budget.splitId, maxEvaluations: parsed, period });
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="Maximum evaluations" type="number" min={0} max={1000} step={1} value={max} onChange={(e) => setMax(e.target.value)} error={errors.maxEvaluations ?? (save.isIdle ? undefined : localError)} />
        <SelectField label="Period" value={period} onChange={(e) => setPeriod(e.target.value as BudgetPeriod)} error={errors.period}>
          {PERIOD_OPTIONS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </SelectField>
      </div>
      <p className="text-xs text-slate-500">Lowering the budget never voids evaluations already made: they keep counting until they leave the window.</p>
      {!errors.maxEvaluations && !errors.period && <FormError message={save.isError ? errorMessage(save.error) : null} />}
      <div className="flex gap-2">
        <Button type="submit" pending={save.isPending} disabled={Boolean(localError)}>
          Save budget
        </Button>
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
