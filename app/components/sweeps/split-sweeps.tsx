'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { METRIC_NAMES } from '@/server/shared/runs/model-config';
import { can } from '@/server/shared/auth/permissions';
import { Badge } from '@/app/components/ui/badge';
import { Card } from '@/app/components/ui/card';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { useTRPC } from '@/app/lib/trpc';
import { formatWhen } from '@/app/lib/format';
import { SWEEP_STATUS_TONE } from './sweep-types';


/** "Start a sweep" for a split page's header; hidden from viewers. */
export function StartSweepLink({ splitId, fromRunId, label = 'Start a sweep' }: { splitId: string; fromRunId?: string; label?: string }) {
  const team = useCurrentTeam();
  if (!can(team.role, 'run.create')) return null;
  return (
    <Link
      href={`/t/${team.slug}/splits/${splitId}/sweep${fromRunId ? `?from=${fromRunId}` : ''}`}
      className="rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
    >
      {label}
    </Link>
  );
}

/** The split's sweeps, newest first. */
export function SplitSweeps({ splitId }: { splitId: string }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const sweeps = useQuery(trpc.sweep.list.queryOptions({ teamId: team.id, splitId }));
  if (!sweeps.data || sweeps.data.length === 0) return null;
  return (
    <Card title="Sweeps" description="Hyperparameter searches on this split; their trials are runs like any other.">
      <ul className="divide-y divide-slate-100">
        {sweeps.data.map((s) => (
          <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-2 text-sm">
            <span className="flex items-center gap-2">
              <Link href={`/t/${team.slug}/sweeps/${s.id}`} className="font-medium text-indigo-700 hover:underline">#{s.number} {s.name}</Link>
              <Badge tone={SWEEP_STATUS_TONE[s.status]}>{s.status}</Badge>
            </span>
            <span className="text-slate-500 tabular-nums">
              {s.strategy} · {METRIC_NAMES[s.goal]} · {s.finished}/{s.trials} trials ended · {s.createdByName ?? 'someone'}, {formatWhen(s.createdAt)}
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
