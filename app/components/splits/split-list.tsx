'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { formatCount, formatWhen } from '@/app/lib/format';
import { useTRPC } from '@/app/lib/trpc';

export function SplitList({ versionId }: { versionId: string }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const splits = useQuery(trpc.split.list.queryOptions({ teamId: team.id, datasetVersionId: versionId }));
  if (splits.isPending) return <p className="text-sm text-slate-500">Loading splits…</p>;
  if (!splits.data?.length) return <p className="text-sm text-slate-500">No split on this version yet.</p>;
  return (
    <ul className="divide-y divide-slate-100">
      {splits.data.map((s) => (
        <li key={s.id} className="py-2.5">
          <div className="flex items-baseline justify-between gap-3">
            <Link href={`/t/${team.slug}/splits/${s.id}`} className="font-medium text-indigo-700 hover:underline">
              {s.name}
            </Link>
            <span className="text-xs text-slate-500">{s.strategy}</span>
          </div>
          <p className="text-xs tabular-nums text-slate-500">
            {formatCount(s.trainCount)} / {formatCount(s.devCount)} / {formatCount(s.testCount)} train/dev/test · {s.createdByName ?? 'A former member'},{' '}
            {formatWhen(s.createdAt)}
          </p>
        </li>
      ))}
    </ul>
  );
}
