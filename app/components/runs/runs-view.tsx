'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import type { RouterInputs } from '@/app/lib/router-types';
import { CONFIG_FILTER_KINDS, RUN_METRIC_FILTER_FIELDS, RUN_SORT_FIELDS } from '@/server/shared/runs/run-view';
import { isRunStatus, type RunStatus } from './run-types';

/**
 * The whole runs-table view lives in the URL (columns, sort, filters), so a link reproduces it.
 * `?cols=number,status,devAccuracy&sort=devAccuracy.desc&split=…&status=failed&user=…&tag=…`
 * `&m=devAccuracy:0.8:0.9,epochsDone::12&hp=learningRate:0.001,batchSize:32`
 */
type ListInput = RouterInputs['run']['list'];
export type SortField = NonNullable<ListInput['sort']>['field'];
export type MetricFilter = NonNullable<ListInput['metrics']>[number];
export type ConfigFilter = NonNullable<ListInput['config']>[number];
export type ConfigPath = ConfigFilter['path'];

export const SORT_FIELDS: readonly SortField[] = RUN_SORT_FIELDS;
export const METRIC_FIELDS: readonly MetricFilter['field'][] = RUN_METRIC_FILTER_FIELDS;
export const METRIC_LABELS: Record<MetricFilter['field'], string> = {
  devAccuracy: 'Dev accuracy',
  trainAccuracy: 'Train accuracy',
  devMacroF1: 'Dev macro F1',
  devRmse: 'Dev RMSE',
  trainRmse: 'Train RMSE',
  devMae: 'Dev MAE',
  devR2: 'Dev R²',
  devLoss: 'Dev loss',
  trainLoss: 'Train loss',
  epochsDone: 'Epochs done',
};

const CONFIG_LABELS: Record<ConfigPath, string> = {
  learningRate: 'Learning rate',
  learningRateDecay: 'LR decay',
  batchSize: 'Batch size',
  epochs: 'Epochs (planned)',
  l2: 'L2',
  dropout: 'Dropout (any layer)',
  batchNorm: 'Batch norm',
  seed: 'Seed',
  optimizer: 'Optimizer',
  initializer: 'Initializer',
  layers: 'Hidden layers',
  units: 'Units (any layer)',
  activation: 'Activation (any layer)',
};

/** The server's allow-list (run-view.ts) with a label each: the path and how to read a typed value. */
export const CONFIG_PATHS = (Object.keys(CONFIG_FILTER_KINDS) as ConfigPath[]).map((path) => {
  const spec: { kind: string; options?: readonly string[] } = CONFIG_FILTER_KINDS[path];
  return { path, label: CONFIG_LABELS[path], kind: spec.kind as 'number' | 'int' | 'batch' | 'bool' | 'enum', options: spec.options };
});

/** Reads a typed config value from text, or null when it does not fit the path. */
export function parseConfigValue(path: ConfigPath, text: string): ConfigFilter | null {
  const spec = CONFIG_PATHS.find((p) => p.path === path);
  const t = text.trim();
  if (!spec || !t) return null;
  const n = Number(t);
  switch (spec.kind) {
    case 'number':
      return Number.isFinite(n) && n >= 0 ? ({ path, value: n } as ConfigFilter) : null;
    case 'int':
      return Number.isInteger(n) && n >= 0 ? ({ path, value: n } as ConfigFilter) : null;
    case 'batch':
      return t === 'full' ? { path: 'batchSize', value: 'full' } : Number.isInteger(n) && n >= 1 ? { path: 'batchSize', value: n } : null;
    case 'bool':
      return t === 'true' || t === 'false' ? { path: 'batchNorm', value: t === 'true' } : null;
    case 'enum':
      return spec.options!.includes(t) ? ({ path, value: t } as ConfigFilter) : null;
  }
}

// The run's name already reads "64·32 relu adam 1e-3": units, activation, optimizer and learning rate
// are in the table by default through it, so the default view fits 1440 px without scrolling.
export const DEFAULT_COLUMNS = ['number', 'status', 'split', 'author', 'devAccuracy', 'devMacroF1', 'devRmse', 'devLoss', 'epochs', 'batchSize', 'created'];
export const DEFAULT_SORT = { field: 'createdAt', direction: 'desc' } as const satisfies { field: SortField; direction: 'asc' | 'desc' };

export interface RunsView {
  columns: string[];
  sort: { field: SortField; direction: 'asc' | 'desc' };
  splitId?: string;
  statuses: RunStatus[];
  userId?: string;
  tag?: string;
  metrics: MetricFilter[];
  config: ConfigFilter[];
  /** The archived runs instead of the others. */
  archived: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const list = (v: string | null) => (v ? v.split(',').filter(Boolean) : []);
const num = (v: string | undefined) => (v === undefined || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v));

/** Hand-edited URLs: unknown fields and bad values are dropped, never sent to be refused. */
export function parseView(params: URLSearchParams): RunsView {
  const [field, direction] = (params.get('sort') ?? '').split('.');
  const sort = SORT_FIELDS.includes(field as SortField) && (direction === 'asc' || direction === 'desc') ? { field: field as SortField, direction: direction as 'asc' | 'desc' } : DEFAULT_SORT;
  const split = params.get('split');
  const user = params.get('user');
  const metrics = list(params.get('m')).flatMap((part): MetricFilter[] => {
    const [f, lo, hi] = part.split(':');
    const min = num(lo);
    const max = num(hi);
    return METRIC_FIELDS.includes(f as MetricFilter['field']) && (min !== undefined || max !== undefined) ? [{ field: f as MetricFilter['field'], min, max }] : [];
  });
  const config = list(params.get('hp')).flatMap((part) => {
    const i = part.indexOf(':');
    const parsed = i > 0 ? parseConfigValue(part.slice(0, i) as ConfigPath, part.slice(i + 1)) : null;
    return parsed ? [parsed] : [];
  });
  const cols = list(params.get('cols'));
  return {
    columns: cols.length ? cols : DEFAULT_COLUMNS,
    sort,
    splitId: split && UUID.test(split) ? split : undefined,
    statuses: list(params.get('status')).filter(isRunStatus),
    userId: user && UUID.test(user) ? user : undefined,
    tag: params.get('tag') || undefined,
    metrics,
    config,
    archived: params.get('archived') === '1',
  };
}

export function serializeView(view: RunsView): string {
  const params = new URLSearchParams();
  if (view.columns.join(',') !== DEFAULT_COLUMNS.join(',')) params.set('cols', view.columns.join(','));
  if (view.sort.field !== DEFAULT_SORT.field || view.sort.direction !== DEFAULT_SORT.direction) params.set('sort', `${view.sort.field}.${view.sort.direction}`);
  if (view.splitId) params.set('split', view.splitId);
  if (view.statuses.length) params.set('status', view.statuses.join(','));
  if (view.userId) params.set('user', view.userId);
  if (view.tag) params.set('tag', view.tag);
  if (view.metrics.length) params.set('m', view.metrics.map((m) => `${m.field}:${m.min ?? ''}:${m.max ?? ''}`).join(','));
  if (view.config.length) params.set('hp', view.config.map((c) => `${c.path}:${String(c.value)}`).join(','));
  if (view.archived) params.set('archived', '1');
  return params.toString();
}

/** The current view and a setter that replaces the URL (no history entry per click). */
export function useRunsView(): [RunsView, (patch: Partial<RunsView>) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const view = useMemo(() => parseView(new URLSearchParams(params.toString())), [params]);
  const update = useCallback(
    (patch: Partial<RunsView>) => {
      const query = serializeView({ ...view, ...patch });
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [view, router, pathname],
  );
  return [view, update];
}

/** The run.list input for a view (minus team, cursor and limit). */
export function listInputOf(view: RunsView) {
  return {
    splitId: view.splitId,
    status: view.statuses.length ? view.statuses : undefined,
    createdBy: view.userId,
    tag: view.tag,
    metrics: view.metrics.length ? view.metrics : undefined,
    config: view.config.length ? view.config : undefined,
    archived: view.archived || undefined,
    sort: view.sort,
  };
}
