import { formatCount } from '@/app/lib/format';

/** The most frequent values of a categorical column as bars scaled to the row count. */
export function TopValues({ values, total, limit = 5 }: { values: { value: string; count: number }[]; total: number; limit?: number }) {
  const shown = values.slice(0, limit);
  const denominator = Math.max(1, total);
  return (
    <ul className="w-44 space-y-0.5" aria-label="Most frequent values">
      {shown.map((v) => (
        <li key={v.value} className="flex items-center gap-2 text-xs" title={`${v.value}: ${formatCount(v.count)} rows`}>
          <span className="w-16 truncate text-slate-600">{v.value === '' ? '(empty)' : v.value}</span>
          <svg width="80" height="8" aria-hidden className="shrink-0">
            <rect width="80" height="8" rx="2" className="fill-slate-100" />
            <rect width={Math.max(1, (80 * v.count) / denominator)} height="8" rx="2" className="fill-indigo-400" />
          </svg>
          <span className="tabular-nums text-slate-400">{formatCount(v.count)}</span>
        </li>
      ))}
    </ul>
  );
}
