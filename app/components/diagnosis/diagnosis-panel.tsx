'use client';

import { useQuery } from '@tanstack/react-query';
import { Card } from '@/app/components/ui/card';
import { FormError } from '@/app/components/ui/field';
import { formatNumber, formatPercent } from '@/app/lib/format';
import { errorMessage, useTRPC } from '@/app/lib/trpc';

const VERDICT_TITLE: Record<string, string> = {
  'worse-than-baseline': 'No better than the baseline: nothing learned yet',
  'high-bias': 'High bias: the model underfits the training set',
  'high-variance': 'High variance: it does not generalise from train to dev',
  'high-bias-and-variance': 'High bias and high variance',
  'good-fit': 'Good fit: close to human level on train and dev',
};
const CURVE_TITLE: Record<string, string> = {
  converged: 'Converged',
  'not-converged': 'Still improving',
  overfitting: 'Overfitting',
  diverged: 'Diverged',
};

/**
 * Bias/variance diagnosis of one run (Machine Learning Yearning): human-level, train and dev
 * error as a bar staircase, the two gaps between them, the verdict and what to try next.
 */
export function DiagnosisPanel({ teamId, runId }: { teamId: string; runId: string }) {
  const trpc = useTRPC();
  const diagnosis = useQuery(trpc.leaderboard.diagnosis.queryOptions({ teamId, runId }));
  if (diagnosis.isError) return <FormError message={errorMessage(diagnosis.error)} />;
  if (!diagnosis.data) return null;
  const { fit, learningCurve, bestEpoch } = diagnosis.data;
  const classification = fit.errorKind === 'classification-error';
  const fmt = (v: number | null) => (v === null ? '—' : classification ? formatPercent(v) : formatNumber(v));
  const bars = [
    { label: 'Human-level', value: fit.humanLevelError, color: 'bg-slate-400' },
    { label: 'Train error', value: fit.trainError, color: 'bg-indigo-400' },
    { label: 'Dev error', value: fit.devError, color: fit.verdict === 'worse-than-baseline' ? 'bg-amber-500' : 'bg-indigo-700' },
  ];
  const max = Math.max(1e-12, ...bars.map((b) => b.value ?? 0));
  const gaps = [
    { label: 'Avoidable bias', hint: 'train − human', value: fit.avoidableBias, high: fit.verdict === 'high-bias' || fit.verdict === 'high-bias-and-variance' },
    { label: 'Variance', hint: 'dev − train', value: fit.variance, high: fit.verdict === 'high-variance' || fit.verdict === 'high-bias-and-variance' },
  ];

  return (
    <Card
      title="Diagnosis"
      description={`Errors are ${classification ? '1 − accuracy' : 'RMSE in target units'}; human-level comes from the split, the baseline from a constant fitted on train.`}
    >
      <div className="grid gap-6 md:grid-cols-2">
        <div>
          <ul className="space-y-2" aria-label="Errors">
            {bars.map((b) => (
              <li key={b.label} className="grid grid-cols-[7rem_1fr_4.5rem] items-center gap-2 text-sm">
                <span className="text-slate-600">{b.label}</span>
                <span className="h-3 rounded bg-slate-100">
                  {b.value !== null && <span className={`block h-3 rounded ${b.color}`} style={{ width: `${Math.max(1, (100 * Math.max(0, b.value)) / max)}%` }} />}
                </span>
                <span className="text-right tabular-nums text-slate-900">{fmt(b.value)}</span>
              </li>
            ))}
            {fit.baseline && (
              // The error of predicting a constant: a number, not a bar, so the staircase keeps its scale.
              <li className="grid grid-cols-[7rem_1fr_4.5rem] items-center gap-2 text-sm">
                <span className="text-slate-600">Baseline</span>
                <span className="truncate text-xs text-slate-500" title={fit.baseline.description}>
                  {fit.baseline.description}
                </span>
                <span className="text-right tabular-nums text-slate-900">{fmt(fit.baseline.devError)}</span>
              </li>
            )}
          </ul>
          <dl className="mt-4 grid grid-cols-2 gap-3">
            {gaps.map((g) => (
              <div key={g.label} className={`rounded-md px-3 py-2 ring-1 ${g.high ? 'bg-amber-50 ring-amber-200' : 'bg-slate-50 ring-slate-200'}`}>
                <dt className="text-xs text-slate-500">
                  {g.label} <span className="text-slate-400">({g.hint})</span>
                </dt>
                <dd className={`text-lg font-semibold tabular-nums ${g.high ? 'text-amber-800' : 'text-slate-900'}`}>{fmt(g.value)}</dd>
              </div>
            ))}
          </dl>
        </div>
        <div className="space-y-3 text-sm">
          <div>
            <p className="font-semibold text-slate-900">{fit.verdict ? VERDICT_TITLE[fit.verdict] : 'No verdict yet'}</p>
            <p className="mt-1 text-slate-600">{fit.summary}</p>
          </div>
          {fit.nextSteps.length > 0 && (
            <div>
              <p className="text-xs font-medium text-slate-500 uppercase">Try next</p>
              <ul className="mt-1 list-disc space-y-0.5 pl-5 text-slate-700">
                {fit.nextSteps.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </div>
          )}
          {fit.notes.map((n) => (
            <p key={n} className="text-xs text-slate-500">
              {n}
            </p>
          ))}
          {learningCurve && (
            <div className="rounded-md bg-slate-50 px-3 py-2 ring-1 ring-slate-200">
              <p className="text-xs font-medium text-slate-500 uppercase">
                Learning curve · {CURVE_TITLE[learningCurve.status] ?? learningCurve.status}
                {learningCurve.epoch ? ` at epoch ${learningCurve.epoch}` : ''} · {learningCurve.epochs} epochs{bestEpoch ? `, best ${bestEpoch}` : ''}
              </p>
              <p className="mt-1 text-slate-700">{learningCurve.summary}</p>
              {learningCurve.nextSteps.length > 0 && <p className="mt-1 text-xs text-slate-500">{learningCurve.nextSteps.join(' ')}</p>}
            </div>
          )}
        </div>
      </div>
    </Card>
  );
}
