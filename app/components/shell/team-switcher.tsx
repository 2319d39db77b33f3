'use client';

import { useRouter } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/app/lib/trpc';

export function TeamSwitcher({ currentSlug }: { currentSlug?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const teams = useQuery(trpc.team.list.queryOptions());
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="sr-only">Team</span>
      <select
        value={currentSlug ?? ''}
        onChange={(e) => router.push(e.target.value ? `/t/${e.target.value}` : '/teams')}
        className="rounded-md border-0 bg-transparent py-1 pr-8 pl-2 font-medium text-slate-800 ring-1 ring-transparent hover:ring-slate-200 focus:ring-indigo-600"
      >
        <option value="">All teams</option>
        {teams.data?.map((team) => (
          <option key={team.id} value={team.slug}>
            {team.name}
          </option>
        ))}
      </select>
    </label>
  );
}
