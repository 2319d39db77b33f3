'use client';

import { useDeferredValue } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { StackedPartsBar } from '@/app/components/charts/stacked-bar';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { MismatchVerdict } from './mismatch-card';

/**
 * What the split would be, before it is frozen for good: the parts' sizes, how precisely dev and
 * test could measure, the dev/test mismatch verdict, and any fractions the data cannot meet.
 * Computed by the server exactly as freezing would; nothing is stored.
 */
export function SplitPreview({ datasetVersionId, definition }: { datasetVersionId: string; definition: Record<string, unknown> | undefined }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const deferred = useDeferredValue(definition);
  const preview = useQuery({
    ...trpc.split.preview.queryOptions({ teamId: team.id, datasetVersionId, definition: deferred ?? {} }, { retry: false }),
    enabled: Boolean(deferred),
    placeholderData: keepPreviousData,
  });
  if (!deferred) return null;
  if (preview.isError) return <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="split-preview">{errorMessage(preview.error)}</p>;
  const p = preview.data;
  if (!p) return <p className="text-sm text-slate-500" data-testid="split-preview">Previewing the parts…</p>;
  return (
    <section aria-label="Before you freeze" data-testid="split-preview" className={`space-y-3 rounded-md bg-slate-50 p-4 ring-1 ring-slate-200 ${preview.isFetching ? 'opacity-70' : ''}`}>
      <h3 className="text-sm font-semibold text-slate-800">Before you freeze: what this split would be</h3>
      <StackedPartsBar counts={p.counts} />
      {p.warnings.map((w) => (
        <p key={w} role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">{w}</p>
      ))}
      {p.advice.map((a) => (
        <p key={a} className="rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-900 ring-1 ring-indigo-200">{a}</p>
      ))}
      <ul className="grid gap-2 sm:grid-cols-2">
        {p.guidance.precision.map((g) => (
          <li key={g.part} className="text-sm text-slate-700">
            {g.message}
          </li>
        ))}
      </ul>
      <MismatchVerdict title="Dev vs test" comparison={p.guidance.devVsTest} open={false} />
    </section>
  );
}
