'use client';

import { Card } from '@/app/components/ui/card';
import { CopyValue } from '@/app/components/ui/copy-button';
import type { DatasetVersionSummary } from '@/app/lib/router-types';
import { formatBytes, formatCount, formatWhen, shortHash } from '@/app/lib/format';

/** Every version, newest first, with what changed against the one before it. */
export function VersionsCard({ versions, selectedId, onSelect }: { versions: DatasetVersionSummary[]; selectedId: string; onSelect: (id: string) => void }) {
  return (
    <Card title="Versions" description="Immutable: new data makes a new version, and splits stay tied to the version they were frozen on.">
      <div className="-mx-5 overflow-x-auto">
        <table className="w-full min-w-[720px] text-left text-sm">
          <thead className="text-xs text-slate-500 uppercase">
            <tr>
              <th scope="col" className="px-5 py-2 font-medium">Version</th>
              <th scope="col" className="py-2 pr-4 font-medium">File</th>
              <th scope="col" className="py-2 pr-4 text-right font-medium">Rows</th>
              <th scope="col" className="py-2 pr-4 font-medium">SHA-256</th>
              <th scope="col" className="py-2 pr-4 font-medium">What changed</th>
              <th scope="col" className="py-2 pr-5 font-medium">Added</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 align-top">
            {versions.map((v) => {
              const selected = v.id === selectedId;
              return (
                <tr key={v.id} className={selected ? 'bg-indigo-50/60' : undefined}>
                  <td className="px-5 py-2.5">
                    <button
                      type="button"
                      aria-pressed={selected}
                      aria-label={`Show version ${v.version}`}
                      onClick={() => onSelect(v.id)}
                      className={`rounded-md px-2 py-0.5 font-medium ${selected ? 'bg-indigo-600 text-white' : 'text-indigo-700 ring-1 ring-indigo-200 hover:bg-indigo-50'}`}
                    >
                      v{v.version}
                    </button>
                  </td>
                  <td className="py-2.5 pr-4 text-slate-700">
                    <span className="break-all">{v.fileName}</span>
                    <span className="block text-xs text-slate-400">
                      {formatBytes(v.byteSize)} · {v.taskKind} on <span className="font-mono">{v.targetColumn}</span>
                    </span>
                  </td>
                  <td className="py-2.5 pr-4 text-right tabular-nums text-slate-600">{formatCount(v.rowCount)}</td>
                  <td className="py-2.5 pr-4">
                    <CopyValue value={v.contentHash} label={`SHA-256 of version ${v.version}`} shown={shortHash(v.contentHash)} />
                  </td>
                  <td className="py-2.5 pr-4 text-xs text-slate-600">
                    <ChangeSummary change={v.change} />
                  </td>
                  <td className="py-2.5 pr-5 text-xs text-slate-500">
                    {v.createdByName ?? 'A former member'}
                    <br />
                    <time dateTime={v.createdAt.toISOString()}>{formatWhen(v.createdAt)}</time>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function ChangeSummary({ change }: { change: DatasetVersionSummary['change'] }) {
  if (!change) return <span className="text-slate-400">first version</span>;
  const items: string[] = [];
  if (change.rowDelta !== 0) items.push(`${change.rowDelta > 0 ? '+' : '−'}${formatCount(Math.abs(change.rowDelta))} rows`);
  if (change.added.length) items.push(`added ${change.added.join(', ')}`);
  if (change.removed.length) items.push(`removed ${change.removed.join(', ')}`);
  for (const r of change.retyped) items.push(`${r.column}: ${r.from} → ${r.to}`);
  if (items.length === 0) return <span className="text-slate-400">same columns and row count</span>;
  return (
    <ul className="space-y-0.5">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}
