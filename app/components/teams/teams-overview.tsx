'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { Card } from '@/app/components/ui/card';
import { useTRPC } from '@/app/lib/trpc';
import { CreateTeamForm } from './create-team-form';

export function TeamsOverview() {
  const trpc = useTRPC();
  const teams = useQuery(trpc.team.list.queryOptions());
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">Your teams</h1>
        {teams.isPending && <p className="text-sm text-slate-500">Loading…</p>}
        {teams.data?.length === 0 && (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white px-5 py-8 text-center text-sm text-slate-500">
            You are not in a team yet. Create one, or open an invite link a teammate sent you.
          </p>
        )}
        <ul className="grid gap-3 sm:grid-cols-2">
          {teams.data?.map((team) => (
            <li key={team.id}>
              <Link
                href={`/t/${team.slug}`}
                className="block rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 transition hover:ring-indigo-300"
              >
                <div className="font-medium text-slate-900">{team.name}</div>
                <div className="mt-1 text-sm text-slate-500">
                  {team.memberCount} {team.memberCount === 1 ? 'member' : 'members'} · you are {team.role}
                </div>
              </Link>
            </li>
          ))}
        </ul>
      </div>
      <Card title="Create a team" description="Datasets, splits and runs belong to a team.">
        <CreateTeamForm />
      </Card>
    </div>
  );
}
