'use client';

import Link from 'next/link';
import { Fragment, useMemo, useState } from 'react';
import { Badge } from '@/app/components/ui/badge';
import { EpochProgress } from '@/app/components/runs/progress-bar';
import { formatGoal, formatParam, type SweepDetail, type SweepTrial } from './sweep-types';

const TONE = { pending: 'neutral', queued: 'neutral', running: 'indigo', succeeded: 'green', stopped: 'amber', failed: 'red', cancelled: 'neutral' } as const;
const TH = 'px-2.5 py-2 text-left text-xs font-medium whitespace-nowrap text-slate-500';

type SortKey = 'number' | 'status' | 'value' | 'epochsDone' | 'seed' | `param:${string}`;

function sortValue(t: SweepTrial, key: SortKey): number | string {
  if (key.startsWith('param:')) {
    const v = t.assignment[key.slice(6)];
    return v === undefined ? '' : typeof v === 'number' ? v : String(v);
  }
  const v = t[key as Exclude<SortKey, `param:${string}`>];
  return v ?? Number.NEGATIVE_INFINITY;
}

/** Every trial, sortable by any parameter or metric (click a column heading; again to reverse). */
export function TrialsTable({ sweep, slug }: { sweep: SweepDetail; slug: string }) {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'number', desc: false });
  const params = useMemo(() => [...new Set(sweep.trials.flatMap((t) => Object.keys(t.assignment)))].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })), [sweep.trials]);
  const rows = useMemo(() => {
    const sorted = [...sweep.trials].sort((a, b) => {
      const x = sortValue(a, sort.key);
      const y = sortValue(b, sort.key);
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return c || a.number - b.number;
    });
    return sort.desc ? sorted.reverse() : sorted;
  }, [sweep.trials, sort]);
  const header = (key: SortKey, label: string, right = false) => (
    <th className={`${TH} ${right ? 'text-right' : ''}`} aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : undefined}>
      <button type="button" className="hover:text-slate-900" onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key === 'value' && sweep.direction === 'maximize' }))}>
        {label}
        {sort.key === key ? (sort.desc ? ' ↓' : ' ↑') : ''}
      </button>
    </th>
  );
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="trials-table">
        <thead>
          <tr>
            {header('number', 'Trial')}
            {header('status', 'Status')}
            {params.map((p) => <Fragment key={p}>{header(`param:${p}`, p)}</Fragment>)}
            {header('value', sweep.goalName, true)}
            {header('epochsDone', 'Epochs')}
            {header('seed', 'Seed', true)}
            <th className={TH}>Run</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((t) => (
            <tr key={t.id} className={t.status === 'stopped' || t.status === 'cancelled' ? 'text-slate-500' : 'text-slate-800'}>
              <td className="px-2.5 py-1.5 tabular-nums">
                {t.number}
                {t.source !== 'strategy' && <span className="ml-1.5 text-xs text-slate-500">{t.source === 'confirm' ? 'confirm' : 'by hand'}</span>}
              </td>
              <td className="px-2.5 py-1.5">
                <span title={t.reason ?? undefined}>
                  <Badge tone={TONE[t.status]}>{t.status === 'stopped' ? `stopped at ${t.stoppedAtEpoch}` : t.status}</Badge>
                </span>
              </td>
              {params.map((p) => (
                <td key={p} className="px-2.5 py-1.5 font-mono text-xs tabular-nums">{t.assignment[p] === undefined ? '—' : formatParam(t.assignment[p]!)}</td>
              ))}
              <td className="px-2.5 py-1.5 text-right tabular-nums">{formatGoal(t.value)}</td>
              <td className="w-28 px-2.5 py-1.5">
                <span className="flex items-center gap-2 tabular-nums text-xs">
                  <EpochProgress done={t.epochsDone} planned={t.epochsPlanned} />
                  {t.epochsDone}/{t.epochsPlanned}
                </span>
              </td>
              <td className="px-2.5 py-1.5 text-right tabular-nums">{t.seed}</td>
              <td className="px-2.5 py-1.5">
                {t.runId ? <Link href={`/t/${slug}/runs/${t.runId}`} className="font-medium text-indigo-700 hover:underline">#{t.runNumber}</Link> : <span className="text-slate-400">—</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.some((t) => t.reason) && (
        <ul className="mt-3 space-y-1 text-xs text-slate-600">
          {rows.filter((t) => t.reason).slice(0, 50).map((t) => (
            <li key={t.id}><span className="font-medium tabular-nums text-slate-800">Trial {t.number}:</span> {t.reason}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
