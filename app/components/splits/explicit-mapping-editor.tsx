'use client';

import { useState } from 'react';
import type { ColumnSchema } from '@/server/shared/datasets/types';
import { Button } from '@/app/components/ui/button';
import type { Part } from './split-definition';

const PARTS: Part[] = ['train', 'dev', 'test'];
const MISSING = '(missing)';

/**
 * Value → part for an explicit split. The schema knows only a column's most frequent values,
 * so the rest can be typed in; the server names any value left unmapped.
 */
export function ExplicitMappingEditor({ column, mapping, onChange, error }: { column: ColumnSchema; mapping: Record<string, Part>; onChange: (m: Record<string, Part>) => void; error?: string }) {
  const [extra, setExtra] = useState('');
  const known = column.stats.kind === 'categorical' || column.stats.kind === 'text' ? column.stats.topValues.map((v) => v.value) : [];
  const values = [...new Set([...known, ...(column.missingCount > 0 ? [MISSING] : []), ...Object.keys(mapping)])];
  const partial = known.length < column.distinctCount;
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-700">Which part each value goes to</legend>
      {partial && (
        <p className="text-xs text-slate-500">
          “{column.name}” has {column.distinctCount} values; {known.length ? `the ${known.length} most frequent are listed` : 'none are listed here'}. Add the others by name.
        </p>
      )}
      <table className="w-full text-sm">
        <tbody className="divide-y divide-slate-100">
          {values.map((value) => (
            <tr key={value}>
              <th scope="row" className="py-1.5 pr-3 text-left font-mono text-xs font-normal text-slate-700">
                {value}
              </th>
              <td className="py-1.5">
                <select
                  aria-label={`Part for ${value}`}
                  value={mapping[value] ?? ''}
                  onChange={(e) => {
                    const next = { ...mapping };
                    if (e.target.value) next[value] = e.target.value as Part;
                    else delete next[value];
                    onChange(next);
                  }}
                  className="rounded-md border-0 py-1 pr-8 pl-2 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
                >
                  <option value="">not mapped</option>
                  {PARTS.map((p) => (
                    <option key={p} value={p}>
                      {p}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="flex items-center gap-2">
        <input
          aria-label="Another value"
          placeholder="Another value"
          value={extra}
          onChange={(e) => setExtra(e.target.value)}
          className="min-w-0 flex-1 rounded-md border-0 px-3 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
        />
        <Button
          type="button"
          variant="secondary"
          disabled={!extra}
          onClick={() => {
            onChange({ ...mapping, [extra]: 'train' });
            setExtra('');
          }}
        >
          Add value
        </Button>
      </div>
      {error && (
        <p role="alert" className="text-xs font-medium text-red-600">
          {error}
        </p>
      )}
    </fieldset>
  );
}
