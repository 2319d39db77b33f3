'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { FormError } from '@/app/components/ui/field';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { LaunchForm } from './launch-form';
import { estimateModelShape } from './model-shape';

/** The launch form for one split, prefilled with the defaults or, with `fromRunId`, that run's config. */
export function LaunchPage({ splitId, fromRunId }: { splitId: string; fromRunId?: string }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const split = useQuery(trpc.split.get.queryOptions({ teamId: team.id, splitId }));
  const defaults = useQuery(trpc.run.defaults.queryOptions({ teamId: team.id, splitId }));
  const source = useQuery({ ...trpc.run.get.queryOptions({ teamId: team.id, runId: fromRunId ?? '' }), enabled: Boolean(fromRunId) });
  const version = useQuery({
    ...trpc.dataset.version.queryOptions({ teamId: team.id, versionId: split.data?.datasetVersionId ?? '' }),
    enabled: Boolean(split.data),
  });

  const failed = [split, defaults, source].find((q) => q.isError);
  if (failed) return <FormError message={errorMessage(failed.error)} />;
  if (!split.data || !defaults.data || (fromRunId && !source.data)) return <p className="text-sm text-slate-500">Loading…</p>;
  const s = split.data;
  // The parameter count is a convenience: without the dataset profile the form still works.
  const shape = version.data ? estimateModelShape(version.data, s) : null;
  const initial = source.data?.config ?? defaults.data.config;
  const splitHref = `/t/${team.slug}/splits/${splitId}`;

  return (
    <div className="space-y-5">
      <div>
        <Link href={splitHref} className="text-sm text-slate-500 hover:text-slate-800">
          ← {s.name}
        </Link>
        <h2 className="mt-1 text-lg font-semibold text-slate-900">{source.data ? `Clone run #${source.data.number}` : 'Launch a run'}</h2>
        <p className="mt-0.5 text-sm text-slate-600">
          Trains on the frozen train part of <span className="font-medium">{s.name}</span> ({s.datasetName} v{s.datasetVersion}, {s.taskKind} of{' '}
          <span className="font-mono text-xs">{s.targetColumn}</span>) and reports on its dev part after every epoch.{' '}
          {source.data ? `Prefilled from run #${source.data.number}; change what you want to try.` : 'The defaults train well on most tabular data: one click launches.'}
        </p>
        {source.data && source.data.splitId !== splitId && (
          <p className="mt-1 text-xs text-amber-700">Run #{source.data.number} trained on a different split ({source.data.splitName}); this run will train on {s.name}.</p>
        )}
      </div>
      <LaunchForm key={fromRunId ?? 'defaults'} splitId={splitId} taskKind={defaults.data.taskKind} initial={initial} shape={shape} cancelHref={splitHref} />
    </div>
  );
}
