'use client';

import { ExternalBadge } from './external-badge';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatNumber, formatPercent, formatWhen } from '@/app/lib/format';
import type { RunSummary } from './run-types';
import type { SortField } from './runs-view';
import { StatusBadge } from './status-badge';

/** One column of the runs table: what it shows, how it is grouped in the picker, how it sorts. */
export interface RunColumn {
  id: string;
  label: string;
  group: 'Run' | 'Hyperparameters' | 'Metrics';
  /** Server-side sort field; columns without one are not sortable (100k runs are never sorted in the browser). */
  sort?: SortField;
  align?: 'right';
  cell: (run: RunSummary, slug: string) => ReactNode;
}

/** "42 s", "3 min 5 s", "1 h 12 min". */
function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${Math.max(s, ms > 0 ? 1 : 0)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

const pct = (x: number | null) => (x === null ? '—' : formatPercent(x));
const num = (x: number | null | undefined) => formatNumber(x ?? null);
const unique = <T,>(xs: T[]) => [...new Set(xs)];

/** Hyperparameters read from the run's stored config, as text; shared with the compare view. */
export const HYPERPARAMETERS: { id: string; label: string; value: (c: NonNullable<RunSummary['config']>) => string | number }[] = [
  { id: 'layers', label: 'Layers', value: (c) => c.hiddenLayers.length },
  { id: 'units', label: 'Units', value: (c) => (c.hiddenLayers.length ? c.hiddenLayers.map((l) => l.units).join('·') : 'linear') },
  { id: 'activations', label: 'Activations', value: (c) => unique(c.hiddenLayers.map((l) => l.activation)).join(', ') || '—' },
  { id: 'optimizer', label: 'Optimizer', value: (c) => c.optimizer.kind },
  { id: 'learningRate', label: 'Learning rate', value: (c) => c.learningRate },
  { id: 'decay', label: 'LR decay', value: (c) => c.learningRateDecay },
  { id: 'batchSize', label: 'Batch', value: (c) => c.batchSize },
  { id: 'epochsPlanned', label: 'Epochs (cfg)', value: (c) => c.epochs },
  { id: 'l2', label: 'L2', value: (c) => c.l2 },
  { id: 'dropout', label: 'Dropout', value: (c) => unique(c.hiddenLayers.map((l) => l.dropout)).join(', ') || '0' },
  { id: 'batchNorm', label: 'Batch norm', value: (c) => (c.batchNorm ? 'yes' : 'no') },
  { id: 'seed', label: 'Seed', value: (c) => c.seed },
];

/**
 * A hyperparameter of any run: read from a trainer run's config, or, for an external run, the param
 * the script logged under the same name (learningRate, seed …), else a dash.
 */
export function hyperparameterValue(h: (typeof HYPERPARAMETERS)[number], run: Pick<RunSummary, 'config' | 'params'>): string | number {
  if (run.config) return h.value(run.config);
  const logged = run.params?.[h.id];
  return typeof logged === 'number' || typeof logged === 'string' ? logged : '—';
}

const NUMERIC_HYPERPARAMETERS = new Set(['layers', 'learningRate', 'decay', 'batchSize', 'epochsPlanned', 'l2', 'seed']);

export const RUN_COLUMNS: RunColumn[] = [
  {
    id: 'number',
    label: 'Run',
    group: 'Run',
    sort: 'number',
    cell: (run, slug) => (
      <span className="inline-flex items-baseline gap-1.5 whitespace-nowrap">
        <Link href={`/t/${slug}/runs/${run.id}`} className="font-medium text-indigo-700 tabular-nums hover:underline">
          #{run.number}
        </Link>
        <span className="max-w-48 truncate text-xs text-slate-600" title={run.name}>{run.name}</span>
        {run.origin === 'external' && <ExternalBadge source={run.source} compact />}
        {run.sweepId && (
          <Link href={`/t/${slug}/sweeps/${run.sweepId}`} className="text-xs text-slate-500 tabular-nums hover:text-indigo-700" title="A trial of this sweep">
            sweep #{run.sweepNumber} · {run.trialNumber}
          </Link>
        )}
      </span>
    ),
  },
  { id: 'status', label: 'Status', group: 'Run', cell: (run) => <StatusBadge status={run.status} /> },
  {
    id: 'split',
    label: 'Split',
    group: 'Run',
    cell: (run, slug) => (
      <Link href={`/t/${slug}/splits/${run.splitId}`} className="block max-w-44 truncate text-slate-700 hover:underline" title={`${run.splitName} · ${run.datasetName}`}>
        {run.splitName}
      </Link>
    ),
  },
  { id: 'author', label: 'Author', group: 'Run', cell: (run) => run.createdByName ?? '—' },
  { id: 'devAccuracy', label: 'Dev acc', group: 'Metrics', sort: 'devAccuracy', align: 'right', cell: (run) => <b className="font-medium text-slate-900">{pct(run.devAccuracy)}</b> },
  { id: 'trainAccuracy', label: 'Train acc', group: 'Metrics', align: 'right', cell: (run) => pct(run.trainAccuracy) },
  { id: 'devMacroF1', label: 'Macro F1', group: 'Metrics', sort: 'devMacroF1', align: 'right', cell: (run) => num(run.devMacroF1) },
  { id: 'devRmse', label: 'Dev RMSE', group: 'Metrics', sort: 'devRmse', align: 'right', cell: (run) => num(run.devRmse) },
  { id: 'devMae', label: 'Dev MAE', group: 'Metrics', sort: 'devMae', align: 'right', cell: (run) => num(run.devMae) },
  { id: 'devR2', label: 'Dev R²', group: 'Metrics', sort: 'devR2', align: 'right', cell: (run) => num(run.devR2) },
  { id: 'devLoss', label: 'Dev loss', group: 'Metrics', sort: 'devLoss', align: 'right', cell: (run) => num(run.devLoss) },
  { id: 'trainLoss', label: 'Train loss', group: 'Metrics', sort: 'trainLoss', align: 'right', cell: (run) => num(run.trainLoss) },
  {
    id: 'epochs',
    label: 'Epochs',
    group: 'Metrics',
    sort: 'epochsDone',
    align: 'right',
    // An external run's epochs happen elsewhere: its curves are by step, on its page.
    cell: (run) =>
      run.origin === 'external' ? (
        <span className="text-slate-400">—</span>
      ) : (
        <span className="whitespace-nowrap tabular-nums">
          {run.epochsDone}
          <span className="text-slate-400">/{run.epochsPlanned}</span>
        </span>
      ),
  },
  ...HYPERPARAMETERS.map(
    (h): RunColumn => ({
      id: h.id,
      label: h.label,
      group: 'Hyperparameters',
      align: NUMERIC_HYPERPARAMETERS.has(h.id) ? 'right' : undefined,
      cell: (run) => {
        const v = hyperparameterValue(h, run);
        return typeof v === 'number' ? num(v) : v;
      },
    }),
  ),
  {
    id: 'tags',
    label: 'Tags',
    group: 'Run',
    cell: (run) =>
      run.tags.length ? (
        <span className="flex flex-wrap gap-1">
          {run.tags.map((t) => (
            <span key={t} className="rounded bg-slate-100 px-1.5 py-0.5 text-[11px] text-slate-700">{t}</span>
          ))}
        </span>
      ) : (
        <span className="text-slate-300">—</span>
      ),
  },
  {
    id: 'review',
    label: 'Review',
    group: 'Run',
    cell: (run) =>
      run.readyForReviewAt === null ? (
        <span className="text-slate-300">—</span>
      ) : run.reviewChangesRequested > 0 ? (
        <span className="text-xs text-amber-700">changes requested</span>
      ) : run.reviewApprovals > 0 ? (
        <span className="text-xs text-emerald-700">approved{run.reviewApprovals > 1 ? ` ×${run.reviewApprovals}` : ''}</span>
      ) : (
        <span className="text-xs text-slate-500">asked</span>
      ),
  },
  { id: 'note', label: 'Note', group: 'Run', cell: (run) => (run.notePreview ? <span className="block max-w-64 truncate text-xs text-slate-600" title={run.notePreview}>{run.notePreview}</span> : <span className="text-slate-300">—</span>) },
  {
    id: 'testScore',
    label: 'Test score',
    group: 'Metrics',
    align: 'right',
    cell: (run) => (run.testScore === null ? <span className="text-slate-300">—</span> : <span title={`test ${run.testMetric ?? ''}, scored once by the server`}>{run.testMetric && /accuracy|f1/i.test(run.testMetric) ? formatPercent(run.testScore) : num(run.testScore)}</span>),
  },
  { id: 'duration', label: 'Duration', group: 'Run', align: 'right', cell: (run) => (run.trainingMs === null ? <span className="text-slate-300">—</span> : formatDuration(run.trainingMs)) },
  { id: 'backend', label: 'Backend', group: 'Run', cell: (run) => run.backend ?? <span className="text-slate-400">{run.pool} pool</span> },
  { id: 'created', label: 'Created', group: 'Run', sort: 'createdAt', cell: (run) => <span className="whitespace-nowrap text-xs text-slate-600">{formatWhen(run.createdAt)}</span> },
];
