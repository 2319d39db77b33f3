'use client';

import Link from 'next/link';
import { useState } from 'react';
import { HYPERPARAMETERS, hyperparameterValue } from '@/app/components/runs/runs-columns';
import { formatNumber, formatPercent } from '@/app/lib/format';
import { presentMetrics, type CompareRun } from './compare-data';

/**
 * Hyperparameters and final metrics side by side, baseline first. Metrics show their delta
 * against the baseline, green when better; "only differences" hides rows where every run agrees.
 */
export function ConfigDiff({
  runs,
  baselineId,
  colors,
  slug,
  onBaseline,
}: {
  runs: CompareRun[];
  baselineId: string;
  colors: Map<string, string>;
  slug: string;
  onBaseline: (id: string) => void;
}) {
  const [onlyDiff, setOnlyDiff] = useState(true);
  const baseline = runs.find((r) => r.id === baselineId) ?? runs[0]!;
  const ordered = [baseline, ...runs.filter((r) => r !== baseline)];
  // What the runs were trained and measured on comes first: numbers on different splits do not compare.
  const dataRows = [
    { id: 'dataset', label: 'Dataset', values: ordered.map((r) => r.datasetName) },
    { id: 'split', label: 'Split', values: ordered.map((r) => r.splitName) },
  ];
  const rows = [...dataRows, ...HYPERPARAMETERS.map((h) => ({ ...h, values: ordered.map((r) => String(hyperparameterValue(h, r))) }))].filter(
    (row) => !onlyDiff || new Set(row.values).size > 1,
  );
  const metrics = presentMetrics(runs);
  const fmt = (m: (typeof metrics)[number], v: number | null) => (v === null ? '—' : m.percent ? formatPercent(v) : formatNumber(v));
  const delta = (m: (typeof metrics)[number], v: number | null, base: number | null) => {
    if (v === null || base === null || v === base) return null;
    const d = v - base;
    // Below what the cells display (0.1 pp, or 4 significant digits) a difference reads as noise.
    const negligible = m.percent ? Math.abs(d) < 0.0005 : Math.abs(d) < 5e-5 * Math.max(Math.abs(v), Math.abs(base));
    if (negligible) return <span className="block text-[11px] text-slate-400">≈ same</span>;
    const better = m.higherIsBetter ? d > 0 : d < 0;
    const tone = m.neutral ? 'text-slate-500' : better ? 'text-emerald-700' : 'text-rose-700';
    const text = m.percent ? `${d > 0 ? '+' : '−'}${Math.abs(d * 100).toFixed(1)} pp` : `${d > 0 ? '+' : '−'}${formatNumber(Math.abs(d), 2)}`;
    return <span className={`block text-[11px] ${tone}`}>{text}</span>;
  };

  return (
    <div>
      <label className="mb-2 flex items-center gap-2 text-sm text-slate-600">
        <input type="checkbox" className="size-4 rounded border-slate-300 text-indigo-600" checked={onlyDiff} onChange={(e) => setOnlyDiff(e.target.checked)} />
        Only hyperparameters that differ
      </label>
      <div className="max-h-[480px] overflow-auto rounded-md ring-1 ring-slate-200">
        <table className="text-sm">
          <thead className="sticky top-0 z-10 bg-slate-50">
            <tr>
              <th className="sticky left-0 z-10 bg-slate-50 px-3 py-2 text-left text-xs font-medium text-slate-500">Run</th>
              {ordered.map((r) => (
                <th key={r.id} className="px-3 py-2 text-right text-xs font-medium whitespace-nowrap text-slate-600">
                  <span className="mr-1 inline-block size-2 rounded-full" style={{ background: colors.get(r.id) }} aria-hidden />
                  <Link href={`/t/${slug}/runs/${r.id}`} className="text-indigo-700 hover:underline">
                    #{r.number}
                  </Link>
                  <span className="ml-1 font-normal text-slate-500">{r.name}</span>
                  {r === baseline ? (
                    <span className="ml-1 rounded bg-slate-800 px-1 text-[10px] text-white">baseline</span>
                  ) : (
                    <button type="button" onClick={() => onBaseline(r.id)} className="ml-1 text-[10px] text-slate-400 hover:text-indigo-700" title="Pin as baseline">
                      pin
                    </button>
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={row.id}>
                <th scope="row" className="sticky left-0 bg-white px-3 py-1.5 text-left text-xs font-medium whitespace-nowrap text-slate-500">
                  {row.label}
                </th>
                {row.values.map((v, i) => (
                  <td key={ordered[i]!.id} className={`px-3 py-1.5 text-right whitespace-nowrap tabular-nums ${i > 0 && v !== row.values[0] ? 'bg-amber-50 font-medium text-slate-900' : 'text-slate-600'}`}>
                    {v}
                  </td>
                ))}
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={ordered.length + 1} className="px-3 py-2 text-xs text-slate-500">
                  Every hyperparameter is the same across these runs.
                </td>
              </tr>
            )}
            {metrics.map((m, mi) => (
              <tr key={m.id} className={mi === 0 ? 'border-t-2 border-slate-200' : ''}>
                <th scope="row" className="sticky left-0 bg-white px-3 py-1.5 text-left text-xs font-medium whitespace-nowrap text-slate-500">
                  {m.label}
                </th>
                {ordered.map((r, i) => (
                  <td key={r.id} className="px-3 py-1.5 text-right whitespace-nowrap tabular-nums text-slate-800">
                    {fmt(m, m.value(r))}
                    {i > 0 && (r.splitId === baseline.splitId ? delta(m, m.value(r), m.value(baseline)) : <span className="block text-[11px] text-slate-400" title="Deltas are computed only between runs on the same split">other split</span>)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
