'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { can } from '@/server/shared/auth/permissions';
import { TeamOverview } from '@/app/components/dashboard/team-overview';
import { Card } from '@/app/components/ui/card';
import { useTRPC } from '@/app/lib/trpc';
import { useCurrentTeam } from './team-context';

const STEPS: { title: string; body: string; href?: (slug: string) => string }[] = [
  {
    title: 'Register a dataset',
    href: (slug) => `/t/${slug}/datasets`,
    body: 'Upload a CSV or TSV file, or start from an example such as two moons or iris. Holdout keeps every version immutable.',
  },
  {
    title: 'Freeze a split',
    href: (slug) => `/t/${slug}/datasets`,
    body: 'Assign every row to train, dev or test once. Everyone trains on the same train split and compares on the same dev split.',
  },
  {
    title: 'Launch runs and compare',
    body: 'Train TensorFlow.js models on server workers, watch the curves live, and rank every teammate’s runs on the dev leaderboard.',
  },
  {
    title: 'Spend the test split deliberately',
    body: 'Test labels stay sealed. A budgeted, audited evaluation gives one unbiased estimate at the end.',
  },
];

export function TeamDashboard() {
  const team = useCurrentTeam();
  const canCreate = can(team.role, 'dataset.create');
  const trpc = useTRPC();
  const datasets = useQuery(trpc.dataset.list.queryOptions({ teamId: team.id }));
  const count = datasets.data?.length ?? 0;
  // A team with runs gets the "where are we?" overview; a new one keeps the guide below.
  const anyRun = useQuery(trpc.run.list.queryOptions({ teamId: team.id, limit: 1 }));
  if (anyRun.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (anyRun.data?.items.length) return <TeamOverview />;
  const intro = count === 0 ? 'This team has no datasets yet.' : `This team has ${count} ${count === 1 ? 'dataset' : 'datasets'}.`;
  return (
    <div className="space-y-6">
      <Card title="Where to start" description={`${intro} The loop Holdout is built for:`}>
        <ol className="grid gap-4 sm:grid-cols-2">
          {STEPS.map((step, index) => (
            <li key={step.title} className="flex gap-3">
              <span className="flex size-7 shrink-0 items-center justify-center rounded-full bg-indigo-50 text-sm font-semibold text-indigo-700">
                {index + 1}
              </span>
              <div>
                <h3 className="text-sm font-medium text-slate-900">
                  {step.href ? (
                    <Link href={step.href(team.slug)} className="text-indigo-700 hover:underline">
                      {step.title}
                    </Link>
                  ) : (
                    step.title
                  )}
                </h3>
                <p className="text-sm text-slate-500">{step.body}</p>
              </div>
            </li>
          ))}
        </ol>
      </Card>
      <p className="text-sm text-slate-500">
        {!canCreate && 'You are a viewer in this team: you can read everything, and a team admin can give you the member role to create datasets and runs. '}
        {can(team.role, 'members.manage') && (
          <Link href={`/t/${team.slug}/settings`} className="font-medium text-indigo-600 hover:underline">
            Invite teammates
          </Link>
        )}
      </p>
    </div>
  );
}
