'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { TeamContext } from './team-context';

export function TeamShell({ slug, children }: { slug: string; children: ReactNode }) {
  const trpc = useTRPC();
  const pathname = usePathname();
  const team = useQuery(trpc.team.bySlug.queryOptions({ slug }));

  if (team.isPending) return <p className="text-sm text-slate-500">Loading team…</p>;
  if (team.isError) {
    return (
      <div className="rounded-lg bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
        <h1 className="text-lg font-semibold">Team not available</h1>
        <p className="mt-1 text-sm text-slate-500">{errorMessage(team.error)}</p>
        <Link href="/teams" className="mt-4 inline-block text-sm font-medium text-indigo-600 hover:underline">
          Back to your teams
        </Link>
      </div>
    );
  }
  // A split belongs to a dataset version, so split pages keep the Datasets tab lit; its
  // leaderboard ranks runs, and compare compares them, so those light Runs.
  const runPages = [`/t/${slug}/runs/`, `/t/${slug}/compare`];
  const onLeaderboard = /^\/t\/[^/]+\/splits\/[^/]+\/leaderboard/.test(pathname);
  const tabs = [
    { href: `/t/${slug}`, label: 'Dashboard', matches: [] as string[] },
    { href: `/t/${slug}/datasets`, label: 'Datasets', matches: onLeaderboard ? [] : [`/t/${slug}/datasets/`, `/t/${slug}/splits/`] },
    { href: `/t/${slug}/runs`, label: 'Runs', matches: onLeaderboard ? [pathname] : runPages },
    { href: `/t/${slug}/reviews`, label: 'Reviews', matches: [] as string[] },
    { href: `/t/${slug}/activity`, label: 'Activity', matches: [] as string[] },
    { href: `/t/${slug}/workers`, label: 'Workers', matches: [] as string[] },
    { href: `/t/${slug}/settings`, label: 'Settings', matches: [] as string[] },
  ];
  return (
    <TeamContext.Provider value={team.data}>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4 border-b border-slate-200">
        <div className="pb-3">
          <h1 className="text-xl font-semibold">{team.data.name}</h1>
          <p className="text-sm text-slate-500">
            You are <span className="font-medium text-slate-700">{team.data.role}</span> · {team.data.memberCount}{' '}
            {team.data.memberCount === 1 ? 'member' : 'members'}
          </p>
        </div>
        <nav aria-label="Team" className="-mb-px flex gap-4 text-sm">
          {tabs.map((tab) => {
            const active = pathname === tab.href || tab.matches.some((prefix) => pathname.startsWith(prefix));
            return (
              <Link
                key={tab.href}
                href={tab.href}
                aria-current={active ? 'page' : undefined}
                className={`border-b-2 px-1 pb-3 font-medium ${active ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-slate-500 hover:text-slate-800'}`}
              >
                {tab.label}
              </Link>
            );
          })}
        </nav>
      </div>
      {children}
    </TeamContext.Provider>
  );
}
