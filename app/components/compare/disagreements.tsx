'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FormError } from '@/app/components/ui/field';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import type { CompareRun } from './compare-data';

/** The dev rows two classification runs disagree on: the baseline against one other run. */
export function Disagreements({ teamId, baseline, others }: { teamId: string; baseline: CompareRun; others: CompareRun[] }) {
  const trpc = useTRPC();
  const candidates = others.filter((r) => r.splitId === baseline.splitId && r.status === 'succeeded');
  const [otherId, setOtherId] = useState(candidates[0]?.id ?? '');
  const other = candidates.find((r) => r.id === otherId) ?? candidates[0];
  const query = useQuery({
    ...trpc.run.disagreements.queryOptions({ teamId, runAId: baseline.id, runBId: other?.id ?? baseline.id, limit: 50 }),
    enabled: Boolean(other) && baseline.status === 'succeeded',
  });
  if (baseline.taskKind !== 'classification') return null;
  if (!other) return <p className="text-sm text-slate-500">Pick runs trained on the baseline&apos;s split to see the dev rows they disagree on.</p>;
  const data = query.data;
  const featureNames = data?.items[0] ? Object.keys(data.items[0].features).slice(0, 6) : [];
  return (
    <div>
      <div className="mb-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
        Baseline #{baseline.number} against
        <select aria-label="Run to compare with the baseline" value={other.id} onChange={(e) => setOtherId(e.target.value)} className="rounded-md border-0 bg-white py-1 pr-7 pl-2 text-sm ring-1 ring-inset ring-slate-300">
          {candidates.map((r) => (
            <option key={r.id} value={r.id}>
              #{r.number}
            </option>
          ))}
        </select>
        {data && (
          <span className="text-slate-500">
            disagree on <b className="text-slate-900">{data.total}</b> of {data.devRows} dev rows ({((100 * data.total) / Math.max(1, data.devRows)).toFixed(1)}%)
            {data.total > data.items.length ? `; first ${data.items.length} shown` : ''}
          </span>
        )}
      </div>
      {query.isError &&
        (query.error.data?.code === 'PRECONDITION_FAILED' ? (
          <p className="text-sm text-slate-500">{errorMessage(query.error)}</p>
        ) : (
          <FormError message={errorMessage(query.error)} />
        ))}
      {data && data.items.length > 0 && (
        <div className="max-h-72 overflow-auto rounded-md ring-1 ring-slate-200">
          <table className="w-full text-sm">
            <thead className="sticky top-0 bg-slate-50 text-xs text-slate-500">
              <tr>
                <th className="px-3 py-1.5 text-left font-medium">Row</th>
                <th className="px-3 py-1.5 text-left font-medium">True</th>
                <th className="px-3 py-1.5 text-left font-medium">#{data.runA} says</th>
                <th className="px-3 py-1.5 text-left font-medium">#{data.runB} says</th>
                {featureNames.map((f) => (
                  <th key={f} className="px-3 py-1.5 text-left font-medium">
                    {f}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.items.map((item) => (
                <tr key={item.row}>
                  <td className="px-3 py-1 tabular-nums text-slate-500">{item.row}</td>
                  <td className="px-3 py-1 font-medium">{item.trueLabel}</td>
                  <td className={`px-3 py-1 ${item.predictedA === item.trueLabel ? 'text-emerald-700' : 'text-rose-700'}`}>{item.predictedA}</td>
                  <td className={`px-3 py-1 ${item.predictedB === item.trueLabel ? 'text-emerald-700' : 'text-rose-700'}`}>{item.predictedB}</td>
                  {featureNames.map((f) => (
                    <td key={f} className="px-3 py-1 tabular-nums text-slate-600">
                      {item.features[f]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && data.items.length === 0 && <p className="text-sm text-slate-500">They agree on every dev row.</p>}
    </div>
  );
}
