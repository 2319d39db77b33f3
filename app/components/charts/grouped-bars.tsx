import { formatCount, formatPercent } from '@/app/lib/format';
import { PART_FILL, PART_SWATCH } from './part-colors';

type Part = 'train' | 'dev' | 'test';
export type LabelRow = { label: string; byPart: Partial<Record<Part, { count: number; share: number }>> };

/**
 * Each class's share of each part, side by side: a stratified split shows three equal bars,
 * a skewed one shows at once which class is over- or under-represented.
 */
export function GroupedLabelBars({ rows }: { rows: LabelRow[] }) {
  // Only the parts that have label counts: test labels are sealed, so a split shows train and dev.
  const parts = (['train', 'dev', 'test'] as Part[]).filter((p) => rows.some((r) => r.byPart[p]));
  const max = Math.max(0.01, ...rows.flatMap((r) => parts.map((p) => r.byPart[p]?.share ?? 0)));
  return (
    <div>
      <div className="mb-2 flex gap-4 text-xs text-slate-500" aria-hidden>
        {parts.map((p) => (
          <span key={p} className="flex items-center gap-1.5">
            <span className={`size-2.5 rounded-sm ${PART_SWATCH[p]}`} />
            {p}
          </span>
        ))}
      </div>
      <table className="w-full text-sm">
        <caption className="sr-only">Share of each label in {parts.join(', ')}</caption>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row" className="w-40 max-w-40 truncate py-1.5 pr-3 text-left font-medium text-slate-700" title={row.label}>
                {row.label}
              </th>
              <td className="py-1.5">
                {parts.map((p) => {
                  const v = row.byPart[p];
                  return (
                    <div key={p} className="flex items-center gap-2" title={v ? `${p}: ${formatCount(v.count)} rows, ${formatPercent(v.share)}` : `${p}: sealed`}>
                      <svg viewBox="0 0 300 6" preserveAspectRatio="none" className="h-1.5 flex-1" aria-hidden>
                        <rect width={(300 * (v?.share ?? 0)) / max} height={6} rx={1} className={PART_FILL[p]} />
                      </svg>
                      <span className="w-28 text-right text-xs tabular-nums text-slate-500">
                        {v ? `${formatPercent(v.share)} · ${formatCount(v.count)}` : '—'}
                        <span className="sr-only"> in {p}</span>
                      </span>
                    </div>
                  );
                })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
