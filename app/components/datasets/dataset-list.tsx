'use client';

import Link from 'next/link';
import type { DatasetSummary } from '@/app/lib/router-types';
import { formatCount, formatWhen } from '@/app/lib/format';

export function DatasetList({ datasets, slug }: { datasets: DatasetSummary[]; slug: string }) {
  if (datasets.length === 0) return <p className="py-6 text-center text-sm text-slate-500">No datasets yet. Upload a file or add an example below.</p>;
  return (
    <div className="-mx-5 overflow-x-auto">
      <table className="w-full min-w-[760px] text-left text-sm">
        <thead className="text-xs text-slate-500 uppercase">
          <tr>
            <th scope="col" className="px-5 py-2 font-medium">Name</th>
            <th scope="col" className="py-2 pr-4 text-right font-medium">Version</th>
            <th scope="col" className="py-2 pr-4 text-right font-medium">Rows</th>
            <th scope="col" className="py-2 pr-4 text-right font-medium">Columns</th>
            <th scope="col" className="py-2 pr-4 font-medium">Task · target</th>
            <th scope="col" className="py-2 pr-4 text-right font-medium">Splits</th>
            <th scope="col" className="py-2 pr-5 font-medium">Added</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {datasets.map((d) => (
            <tr key={d.id} className="hover:bg-slate-50">
              <td className="px-5 py-2.5">
                <Link href={`/t/${slug}/datasets/${d.id}`} className="font-medium text-indigo-700 hover:underline">
                  {d.name}
                </Link>
                {d.archivedAt && <span className="ml-2 rounded bg-amber-50 px-1.5 py-0.5 text-[11px] text-amber-800 ring-1 ring-amber-200">archived</span>}
              </td>
              <td className="py-2.5 pr-4 text-right tabular-nums text-slate-600">v{d.latestVersion}</td>
              <td className="py-2.5 pr-4 text-right tabular-nums text-slate-600">{formatCount(d.rowCount)}</td>
              <td className="py-2.5 pr-4 text-right tabular-nums text-slate-600">{formatCount(d.columnCount)}</td>
              <td className="py-2.5 pr-4 text-slate-600">
                {d.taskKind} · <span className="font-mono text-xs">{d.targetColumn}</span>
              </td>
              <td className="py-2.5 pr-4 text-right tabular-nums text-slate-600">{d.splitCount}</td>
              <td className="py-2.5 pr-5 text-xs text-slate-500">
                {d.createdByName ?? 'A former member'}
                <br />
                <time dateTime={d.createdAt.toISOString()}>{formatWhen(d.createdAt)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
