'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { useTRPC } from '@/app/lib/trpc';
import { RUN_STATUSES, type RunStatus } from './run-types';

/** Split and status filters live in the URL, so a filtered list can be shared and reloaded. */
export function RunsFilters({ splitId, statuses }: { splitId?: string; statuses: RunStatus[] }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const splits = useQuery(trpc.split.list.queryOptions({ teamId: team.id }));

  function go(next: { split?: string; status: RunStatus[] }) {
    const params = new URLSearchParams();
    if (next.split) params.set('split', next.split);
    if (next.status.length) params.set('status', next.status.join(','));
    const query = params.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  }

  return (
    <div className="flex flex-wrap items-center gap-x-6 gap-y-3">
      <label className="flex items-center gap-2 text-sm text-slate-600">
        Split
        <select
          value={splitId ?? ''}
          onChange={(e) => go({ split: e.target.value || undefined, status: statuses })}
          className="max-w-xs rounded-md border-0 bg-white py-1.5 pr-8 pl-2 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
        >
          <option value="">All splits</option>
          {splits.data?.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} · {s.datasetName}
            </option>
          ))}
        </select>
      </label>
      <div role="group" aria-label="Status" className="flex flex-wrap items-center gap-1.5 text-sm">
        <span className="mr-1 text-slate-600">Status</span>
        {RUN_STATUSES.map((status) => {
          const on = statuses.includes(status);
          return (
            <button
              key={status}
              type="button"
              aria-pressed={on}
              onClick={() => go({ split: splitId, status: on ? statuses.filter((s) => s !== status) : [...statuses, status] })}
              className={`rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset ${on ? 'bg-indigo-50 text-indigo-700 ring-indigo-300' : 'bg-white text-slate-600 ring-slate-200 hover:bg-slate-50'}`}
            >
              {status}
            </button>
          );
        })}
      </div>
    </div>
  );
}
