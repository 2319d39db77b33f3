'use client';

import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { can } from '@/server/shared/auth/permissions';
import { Badge } from '@/app/components/ui/badge';
import { Button } from '@/app/components/ui/button';
import { Card } from '@/app/components/ui/card';
import { FormError, TextAreaField } from '@/app/components/ui/field';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import type { RunDetail } from '@/app/components/runs/run-types';
import { formatDuration } from '@/app/lib/relative-time';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { budgetLeft, formatCi, formatScore, formatWhen, metricName, scoreLine, testRowsNote, type TestEvaluation } from './test-eval-format';

/**
 * A succeeded run's score on the sealed test split. Each request spends the split's budget and
 * is appended to its audit log; the worker scores it, and the card polls until the answer is in.
 */
export function TestEvaluationCard({ run }: { run: RunDetail }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const budget = useQuery(trpc.testEvaluation.budget.queryOptions({ teamId: team.id, splitId: run.splitId }));
  const latest = useQuery(
    trpc.testEvaluation.get.queryOptions(
      { teamId: team.id, runId: run.id },
      { refetchInterval: (query) => (query.state.data?.status === 'pending' ? 1000 : false) },
    ),
  );
  const history = useQuery(trpc.testEvaluation.list.queryOptions({ teamId: team.id, runId: run.id, limit: 50 }));
  // Same query as the diagnosis panel: is this run better than predicting a constant?
  const diagnosis = useQuery(trpc.leaderboard.diagnosis.queryOptions({ teamId: team.id, runId: run.id }));
  const belowBaseline = diagnosis.data?.fit.verdict === 'worse-than-baseline';
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const request = useMutation(
    trpc.testEvaluation.request.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        setReason('');
      },
      // Granted or refused, the budget and the run's evaluations have changed (or were stale).
      onSettled: () => refresh(),
    }),
  );

  const status = latest.data?.status;
  function refresh() {
    void queryClient.invalidateQueries({ queryKey: trpc.testEvaluation.get.queryKey({ teamId: team.id, runId: run.id }) });
    void queryClient.invalidateQueries({ queryKey: trpc.testEvaluation.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.testEvaluation.budget.queryKey({ teamId: team.id, splitId: run.splitId }) });
  }
  // When the score arrives, the history and the budget (a failure is not counted) change too.
  const previous = useRef(status);
  useEffect(() => {
    if (previous.current === 'pending' && status !== 'pending') refresh();
    previous.current = status;
  }, [status]);

  const mayRequest = can(team.role, 'test.request');
  const b = budget.data;
  const spent = b !== undefined && b.remaining <= 0;
  // Between a granted request and the first poll, the new evaluation is not in `latest` yet.
  // A reused evaluation is already in `latest` (or older than it): nothing to wait for.
  const awaiting = request.isSuccess && !request.data.reused && latest.data?.id !== request.data.id;
  const pending = status === 'pending' || awaiting;
  const earlier = (history.data?.items ?? []).filter((e) => e.id !== latest.data?.id);
  // Scoring is deterministic: a model scored once (or being scored) has nothing more to spend on.
  const scored = latest.data?.status === 'ok';

  return (
    <Card
      title="Test evaluation"
      description={
        <>
          The test split is sealed: each evaluation spends one from the team’s test budget for this split and is logged for everyone to see.
          {b && <span className="font-medium text-slate-700"> {budgetLeft(b)}.</span>}
        </>
      }
    >
      <div className="space-y-4">
        {latest.isError && <FormError message={errorMessage(latest.error)} />}
        {awaiting ? <Pending since={new Date(request.submittedAt)} /> : latest.data && <LatestEvaluation evaluation={latest.data} />}

        {scored && (
          <p className="text-sm text-slate-600">
            {latest.data!.runId !== run.id && <>Scored as run #{latest.data!.runNumber}, which trained the same model (weights, config and preprocessing). </>}
            Scoring is deterministic: asking again would give this same number, so this model spends nothing more from the budget.
          </p>
        )}

        {mayRequest && !pending && !scored && (
          <div className="space-y-3">
            {!confirming ? (
              <div className="flex flex-wrap items-center gap-3">
                <Button
                  variant={latest.data ? 'secondary' : 'primary'}
                  disabled={!b || spent || !run.hasWeights || run.origin === 'external'}
                  onClick={() => {
                    request.reset();
                    setConfirming(true);
                  }}
                >
                  Evaluate on the test split
                </Button>
                {run.origin === 'external' ? (
                  <span className="text-sm text-slate-500">Trained elsewhere: its script asks for the evaluation by sending its test predictions (request_test), against the same budget.</span>
                ) : (
                  !run.hasWeights && <span className="text-sm text-slate-500">This run saved no weights, so it can’t be evaluated.</span>
                )}
              </div>
            ) : (
              <form
                aria-label="Confirm test evaluation"
                className="space-y-3 rounded-md bg-amber-50 px-4 py-3 ring-1 ring-amber-200"
                onSubmit={(e) => {
                  e.preventDefault();
                  request.mutate({ teamId: team.id, runId: run.id, reason });
                }}
              >
                <p className="text-sm text-amber-900">
                  This spends {b?.remaining === 1 ? 'the last evaluation left' : `1 of the ${b?.remaining} evaluations left`} and can’t be undone. Look at the test score once you have chosen a model on dev, not to choose one.
                  {belowBaseline && diagnosis.data?.fit.baseline && (
                    <strong className="mt-1 block font-semibold">
                      This run does no better on dev than {diagnosis.data.fit.baseline.description}: its test score will say little. Spend an evaluation on it anyway?
                    </strong>
                  )}
                </p>
                <TextAreaField label="Reason (optional)" rows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. final check of the model we ship" />
                <div className="flex gap-2">
                  <Button type="submit" pending={request.isPending}>
                    Spend one evaluation
                  </Button>
                  <Button type="button" variant="ghost" onClick={() => setConfirming(false)}>
                    Cancel
                  </Button>
                </div>
              </form>
            )}
            {request.isError ? (
              <FormError message={errorMessage(request.error)} />
            ) : (
              spent && b && (
                <p role="status" className="text-sm text-amber-800">
                  {b.spentMessage}
                </p>
              )
            )}
          </div>
        )}
        {!mayRequest && !latest.data && latest.isSuccess && <p className="text-sm text-slate-500">This run has not been evaluated on the test split. Members can request it.</p>}

        {earlier.length > 0 && <EarlierEvaluations items={earlier} />}
      </div>
    </Card>
  );
}

function LatestEvaluation({ evaluation }: { evaluation: TestEvaluation }) {
  if (evaluation.status === 'pending') return <Pending since={evaluation.requestedAt} />;
  const r = evaluation.result!;
  if (evaluation.status === 'failed') {
    return (
      <div role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200">
        <p className="font-medium">The evaluation requested {formatWhen(evaluation.requestedAt)} failed; it was not counted against the budget.</p>
        {r.error && <p className="mt-1">{r.error}</p>}
      </div>
    );
  }
  const rows = testRowsNote(r);
  return (
    <div role="group" aria-label="Test score" className="rounded-md bg-emerald-50/60 px-4 py-3 ring-1 ring-emerald-200">
      <p className="text-xs font-semibold tracking-wide text-emerald-800 uppercase">{metricName(r.metric)}</p>
      <p className="flex flex-wrap items-baseline gap-x-3">
        <span className="text-3xl font-semibold tabular-nums text-slate-900">{formatScore(r.metric, r.score)}</span>
        <span className="text-sm tabular-nums text-slate-700">{formatCi(r)}</span>
      </p>
      <p className="mt-1 text-xs text-slate-600">
        {rows ? `${rows[0]!.toUpperCase()}${rows.slice(1)}` : 'Test rows unknown'} · requested by {evaluation.requestedBy?.name ?? 'a former member'} {formatWhen(evaluation.requestedAt)}
        {evaluation.reason && <> · “{evaluation.reason}”</>}
      </p>
    </div>
  );
}

function Pending({ since }: { since: Date }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <div role="status" className="space-y-2 rounded-md bg-slate-50 px-4 py-3 ring-1 ring-slate-200">
      <p className="text-sm text-slate-700">Scoring on the sealed test split… {formatDuration(now - since.getTime())}</p>
      <div role="progressbar" aria-label="Test evaluation in progress" className="h-1 w-full overflow-hidden rounded-full bg-slate-200">
        <div className="h-full w-1/3 animate-pulse rounded-full bg-indigo-500" />
      </div>
    </div>
  );
}

function EarlierEvaluations({ items }: { items: TestEvaluation[] }) {
  return (
    <div>
      <h3 className="mb-1.5 text-sm font-medium text-slate-800">Earlier evaluations of this run</h3>
      <ul className="divide-y divide-slate-100 text-sm">
        {items.map((e) => (
          <li key={e.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-0.5 py-1.5">
            <span className="tabular-nums text-slate-900">
              {e.status === 'failed' ? <Badge tone="red">failed</Badge> : scoreLine(e)}
            </span>
            <span className="text-xs text-slate-500">
              {e.requestedBy?.name ?? 'a former member'}, {formatWhen(e.requestedAt)}
              {e.reason && <> · “{e.reason}”</>}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
