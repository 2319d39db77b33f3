'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { useTRPC } from '@/app/lib/trpc';
import { RUN_STATUSES } from './run-types';
import { RUN_COLUMNS } from './runs-columns';
import { CONFIG_PATHS, METRIC_FIELDS, METRIC_LABELS, parseConfigValue, type ConfigPath, type MetricFilter, type RunsView } from './runs-view';

const SELECT = 'rounded-md border-0 bg-white py-1.5 pr-8 pl-2 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600';
const INPUT = 'w-20 rounded-md border-0 bg-white px-2 py-1.5 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600';
const CHIP = 'inline-flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pr-1 pl-2.5 text-xs text-slate-700';

/** Split, user, tag and status filters, plus metric ranges and hyperparameter values; all in the URL. */
export function RunsFilters({ view, update }: { view: RunsView; update: (patch: Partial<RunsView>) => void }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const splits = useQuery(trpc.split.list.queryOptions({ teamId: team.id }));
  const members = useQuery(trpc.member.list.queryOptions({ teamId: team.id }));
  const tags = useQuery(trpc.collaboration.tags.queryOptions({ teamId: team.id }));

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-x-5 gap-y-3">
        <label className="flex items-center gap-2 text-sm text-slate-600">
          Split
          <select value={view.splitId ?? ''} onChange={(e) => update({ splitId: e.target.value || undefined })} className={`max-w-xs ${SELECT}`}>
            <option value="">All splits</option>
            {splits.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} · {s.datasetName}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-600">
          Author
          <select value={view.userId ?? ''} onChange={(e) => update({ userId: e.target.value || undefined })} className={SELECT}>
            <option value="">Anyone</option>
            {members.data?.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-600">
          Tag
          <select value={view.tag ?? ''} onChange={(e) => update({ tag: e.target.value || undefined })} className={SELECT}>
            <option value="">Any</option>
            {view.tag && !tags.data?.some((t) => t.tag === view.tag) && <option value={view.tag}>{view.tag}</option>}
            {tags.data?.map((t) => (
              <option key={t.tag} value={t.tag}>
                {t.tag} ({t.count})
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1.5 text-sm text-slate-600">
          <input type="checkbox" checked={view.archived} onChange={(e) => update({ archived: e.target.checked })} className="size-4 rounded border-slate-300" />
          Archived runs
        </label>
        <div role="group" aria-label="Status" className="flex flex-wrap items-center gap-1.5 text-sm">
          <span className="mr-1 text-slate-600">Status</span>
          {RUN_STATUSES.map((status) => {
            const on = view.statuses.includes(status);
            return (
              <button
                key={status}
                type="button"
                aria-pressed={on}
                onClick={() => update({ statuses: on ? view.statuses.filter((s) => s !== status) : [...view.statuses, status] })}
                className={`rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset ${on ? 'bg-indigo-50 text-indigo-700 ring-indigo-300' : 'bg-white text-slate-600 ring-slate-200 hover:bg-slate-50'}`}
              >
                {status}
              </button>
            );
          })}
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-x-5 gap-y-3">
        <MetricRangeForm onAdd={(m) => update({ metrics: [...view.metrics.filter((x) => x.field !== m.field), m] })} />
        <ConfigValueForm onAdd={(c) => update({ config: [...view.config.filter((x) => x.path !== c.path), c] })} />
        <ColumnPicker columns={view.columns} onChange={(columns) => update({ columns })} />
      </div>
      {(view.metrics.length > 0 || view.config.length > 0) && (
        <ul className="flex flex-wrap gap-2" aria-label="Active filters">
          {view.metrics.map((m) => (
            <li key={m.field} className={CHIP}>
              {METRIC_LABELS[m.field]} {m.min !== undefined && m.max !== undefined ? `${m.min} – ${m.max}` : m.min !== undefined ? `≥ ${m.min}` : `≤ ${m.max}`}
              <RemoveButton label={`Remove ${METRIC_LABELS[m.field]} filter`} onClick={() => update({ metrics: view.metrics.filter((x) => x !== m) })} />
            </li>
          ))}
          {view.config.map((c) => (
            <li key={c.path} className={CHIP}>
              {CONFIG_PATHS.find((p) => p.path === c.path)?.label} = {String(c.value)}
              <RemoveButton label={`Remove ${c.path} filter`} onClick={() => update({ config: view.config.filter((x) => x !== c) })} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" aria-label={label} onClick={onClick} className="rounded-full px-1 text-slate-400 hover:bg-slate-200 hover:text-slate-700">
      ×
    </button>
  );
}

function MetricRangeForm({ onAdd }: { onAdd: (m: MetricFilter) => void }) {
  const [field, setField] = useState<MetricFilter['field']>('devAccuracy');
  const [min, setMin] = useState('');
  const [max, setMax] = useState('');
  const value = (t: string) => (t.trim() === '' || !Number.isFinite(Number(t)) ? undefined : Number(t));
  const ok = value(min) !== undefined || value(max) !== undefined;
  return (
    <form
      className="flex items-center gap-1.5 text-sm text-slate-600"
      aria-label="Metric range filter"
      onSubmit={(e) => {
        e.preventDefault();
        if (!ok) return;
        onAdd({ field, min: value(min), max: value(max) });
        setMin('');
        setMax('');
      }}
    >
      <select aria-label="Metric" value={field} onChange={(e) => setField(e.target.value as MetricFilter['field'])} className={SELECT}>
        {METRIC_FIELDS.map((f) => (
          <option key={f} value={f}>
            {METRIC_LABELS[f]}
          </option>
        ))}
      </select>
      <input aria-label="Minimum" placeholder="min" inputMode="decimal" value={min} onChange={(e) => setMin(e.target.value)} className={INPUT} />
      <span>–</span>
      <input aria-label="Maximum" placeholder="max" inputMode="decimal" value={max} onChange={(e) => setMax(e.target.value)} className={INPUT} />
      <button type="submit" disabled={!ok} className="rounded-md px-2 py-1.5 text-xs font-medium text-indigo-700 hover:bg-indigo-50 disabled:text-slate-300">
        Add range
      </button>
    </form>
  );
}

function ConfigValueForm({ onAdd }: { onAdd: (c: NonNullable<ReturnType<typeof parseConfigValue>>) => void }) {
  const [path, setPath] = useState<ConfigPath>('learningRate');
  const [text, setText] = useState('');
  const parsed = parseConfigValue(path, text);
  const spec = CONFIG_PATHS.find((p) => p.path === path)!;
  return (
    <form
      className="flex items-center gap-1.5 text-sm text-slate-600"
      aria-label="Hyperparameter filter"
      onSubmit={(e) => {
        e.preventDefault();
        if (!parsed) return;
        onAdd(parsed);
        setText('');
      }}
    >
      <select aria-label="Hyperparameter" value={path} onChange={(e) => { setPath(e.target.value as ConfigPath); setText(''); }} className={SELECT}>
        {CONFIG_PATHS.map((p) => (
          <option key={p.path} value={p.path}>
            {p.label}
          </option>
        ))}
      </select>
      <span>=</span>
      {spec.kind === 'enum' || spec.kind === 'bool' ? (
        <select aria-label="Value" value={text} onChange={(e) => setText(e.target.value)} className={SELECT}>
          <option value="">choose…</option>
          {(spec.options ?? ['true', 'false']).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : (
        <input aria-label="Value" placeholder={spec.kind === 'batch' ? '32 or full' : 'value'} value={text} onChange={(e) => setText(e.target.value)} className={`${INPUT} ${text && !parsed ? 'ring-red-400' : ''}`} />
      )}
      <button type="submit" disabled={!parsed} className="rounded-md px-2 py-1.5 text-xs font-medium text-indigo-700 hover:bg-indigo-50 disabled:text-slate-300">
        Add filter
      </button>
    </form>
  );
}

/** Which columns to show, grouped; order follows the catalogue so a shared link looks the same. */
function ColumnPicker({ columns, onChange }: { columns: string[]; onChange: (columns: string[]) => void }) {
  const groups = ['Run', 'Hyperparameters', 'Metrics'] as const;
  return (
    <details className="relative text-sm">
      <summary className="cursor-pointer list-none rounded-md px-2.5 py-1.5 font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
        Columns ({columns.length})
      </summary>
      <div className="absolute right-0 z-20 mt-1 grid w-[520px] grid-cols-3 gap-4 rounded-lg bg-white p-4 shadow-lg ring-1 ring-slate-200">
        {groups.map((g) => (
          <fieldset key={g}>
            <legend className="mb-1.5 text-xs font-semibold text-slate-500 uppercase">{g}</legend>
            {RUN_COLUMNS.filter((c) => c.group === g).map((c) => (
              <label key={c.id} className="flex items-center gap-2 py-0.5 text-slate-700">
                <input
                  type="checkbox"
                  className="size-4 rounded border-slate-300 text-indigo-600"
                  checked={columns.includes(c.id)}
                  onChange={(e) =>
                    onChange(RUN_COLUMNS.map((x) => x.id).filter((id) => (id === c.id ? e.target.checked : columns.includes(id))))
                  }
                />
                {c.label}
              </label>
            ))}
          </fieldset>
        ))}
      </div>
    </details>
  );
}
