import { GroupedLabelBars, type LabelRow } from '@/app/components/charts/grouped-bars';
import type { SplitDetail } from '@/app/lib/router-types';
import { formatCount, formatNumber, isMissingNumber } from '@/app/lib/format';

type Parts = SplitDetail['guidance']['parts'];
const MAX_LABELS = 30;

/** Classification: each class's share per part. Regression: the target's summary per part. */
export function LabelDistribution({ parts, taskKind }: { parts: Parts; taskKind: 'classification' | 'regression' }) {
  if (taskKind === 'classification') {
    const rows = new Map<string, LabelRow>();
    for (const part of parts) for (const l of part.labels ?? []) {
      const row = rows.get(l.label) ?? { label: l.label, byPart: {} };
      row.byPart[part.part] = { count: l.count, share: l.share };
      rows.set(l.label, row);
    }
    // Most frequent in train first; many-class targets are cut to keep the page readable.
    const sorted = [...rows.values()].sort((a, b) => (b.byPart.train?.count ?? 0) - (a.byPart.train?.count ?? 0));
    return (
      <>
        <GroupedLabelBars rows={sorted.slice(0, MAX_LABELS)} />
        {sorted.length > MAX_LABELS && <p className="mt-2 text-xs text-slate-500">Showing the {MAX_LABELS} most frequent of {sorted.length} classes.</p>}
      </>
    );
  }
  const stats = ['count', 'missing', 'mean', 'std', 'min', 'p25', 'median', 'p75', 'max'] as const;
  return (
    <div className="-mx-5 overflow-x-auto">
      <table className="w-full text-right text-sm tabular-nums">
        <caption className="sr-only">Target summary per part</caption>
        <thead className="text-xs text-slate-500 uppercase">
          <tr>
            <th scope="col" className="px-5 py-2 text-left font-medium">Part</th>
            {stats.map((s) => (
              <th key={s} scope="col" className="py-2 pr-4 font-medium last:pr-5">
                {s}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {parts.map((p) => (
            <tr key={p.part}>
              <th scope="row" className="px-5 py-2 text-left font-medium text-slate-700">
                {p.part}
              </th>
              {stats.map((s) => {
                const v = p.target?.[s];
                const sealed = p.part === 'test' && isMissingNumber(v);
                return (
                  <td key={s} className={`py-2 pr-4 last:pr-5 ${sealed ? 'text-slate-400' : 'text-slate-700'}`} title={sealed ? 'Sealed: these are values of particular test rows.' : undefined}>
                    {sealed ? 'sealed' : s === 'count' || s === 'missing' ? formatCount(v ?? 0) : formatNumber(v)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
