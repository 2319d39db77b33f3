import type { ColumnSchema, DatasetSchema } from '@/server/shared/datasets/types';
import { Badge } from '@/app/components/ui/badge';
import { Histogram } from '@/app/components/charts/histogram';
import { TopValues } from '@/app/components/charts/top-values';
import { formatCount, formatDate, formatNumber } from '@/app/lib/format';

/** One row per column: what was inferred, how complete it is, and what its values look like. */
export function SchemaTable({ schema, targetColumn, excluded = [] }: { schema: DatasetSchema; targetColumn?: string | null; excluded?: string[] }) {
  return (
    <div className="-mx-5 overflow-x-auto">
      <table className="w-full min-w-[720px] text-left text-sm">
        <thead className="text-xs text-slate-500 uppercase">
          <tr>
            <th scope="col" className="px-5 py-2 font-medium">Column</th>
            <th scope="col" className="py-2 pr-4 font-medium">Type</th>
            <th scope="col" className="py-2 pr-4 text-right font-medium">Missing</th>
            <th scope="col" className="py-2 pr-4 text-right font-medium">Distinct</th>
            <th scope="col" className="py-2 pr-4 font-medium">Summary</th>
            <th scope="col" className="py-2 pr-5 font-medium">Distribution</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {schema.columns.map((column) => (
            <tr key={column.name} className={excluded.includes(column.name) ? 'opacity-50' : undefined}>
              <th scope="row" className="px-5 py-2.5 font-medium text-slate-900">
                <span className="break-all">{column.name}</span>
                <div className="mt-1 flex flex-wrap gap-1">
                  {column.name === targetColumn && <Badge tone="indigo">target</Badge>}
                  {excluded.includes(column.name) && <Badge title="Not given to any model; it can still decide a split">not an input</Badge>}
                </div>
              </th>
              <td className="py-2.5 pr-4 text-slate-600">{column.type}</td>
              <td className={`py-2.5 pr-4 text-right tabular-nums ${column.missingCount > 0 ? 'text-amber-700' : 'text-slate-500'}`}>
                {column.stats.kind === 'hidden' ? '—' : formatCount(column.missingCount)}
              </td>
              <td className="py-2.5 pr-4 text-right tabular-nums text-slate-600">
                {column.stats.kind === 'hidden' ? '—' : `${column.distinctCountExact ? '' : '≈'}${formatCount(column.distinctCount)}`}
              </td>
              <td className="py-2.5 pr-4 text-xs text-slate-600">
                <StatsSummary column={column} />
                {column.statsNote && column.stats.kind !== 'hidden' && <p className="mt-1 text-slate-400">{column.statsNote}</p>}
              </td>
              <td className="py-2.5 pr-5">
                <Distribution column={column} rowCount={column.statsRows ?? schema.rowCount} sealed={column.name === targetColumn} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StatsSummary({ column }: { column: ColumnSchema }) {
  const s = column.stats;
  if (s.kind === 'hidden') return <span className="text-slate-500">{s.reason}</span>;
  if (s.kind === 'numeric')
    return (
      <dl className="grid grid-cols-[auto_1fr] gap-x-2 tabular-nums">
        <dt className="text-slate-400">range</dt>
        <dd>
          {formatNumber(s.min)} … {formatNumber(s.max)}
        </dd>
        <dt className="text-slate-400">mean</dt>
        <dd>
          {formatNumber(s.mean)} ± {formatNumber(s.std)}
        </dd>
      </dl>
    );
  if (s.kind === 'datetime')
    return (
      <span className="tabular-nums">
        {formatDate(s.min)} … {formatDate(s.max)}
      </span>
    );
  if (s.kind === 'text') return <span>mean length {formatNumber(s.meanLength)}, max {formatCount(s.maxLength)}</span>;
  return <span>{formatCount(column.distinctCount)} categories</span>;
}

function Distribution({ column, rowCount, sealed }: { column: ColumnSchema; rowCount: number; sealed: boolean }) {
  const s = column.stats;
  if (s.kind === 'hidden') return <span className="text-xs text-slate-400">sealed</span>;
  if (s.kind === 'numeric' || s.kind === 'datetime') {
    if (s.histogram.counts.length === 0) return <span className="text-xs text-slate-400">no values</span>;
    return <Histogram binEdges={s.histogram.binEdges} counts={s.histogram.counts} kind={s.kind} column={column.name} />;
  }
  if (s.topValues.length === 0)
    return sealed ? (
      <span className="text-xs text-slate-400" title="Label values of sealed test rows are not shown.">
        sealed
      </span>
    ) : (
      <span className="text-xs text-slate-400">no values</span>
    );
  return <TopValues values={s.topValues} total={rowCount} />;
}
