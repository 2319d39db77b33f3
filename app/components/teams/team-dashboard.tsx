'use client';

import Link from 'next/link';
import { can } from '@/server/auth/permissions';
import { Card } from '@/app/components/ui/card';
import { useCurrentTeam } from './team-context';

const STEPS = [
  {
    title: 'Register a dataset',
    body: 'Upload a CSV or TSV file, or start from an example such as two moons or iris. Holdout keeps every version immutable.',
  },
  {
    title: 'Freeze a split',
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
  return (
    <div className="space-y-6">
      <Card title="Where to start" description="This team has no datasets yet. The loop Holdout is built for:">
        <ol className="grid gap-4 sm:grid-cols-2">
          {STEPS.map((step, index) => (
            <li key={step.title} className="flex gap-3">
              <span className="flex size-7 shrink-0 items-center justify-center rounded-full bg-indigo-50 text-sm font-semibold text-indigo-700">
                {index + 1}
              </span>
              <div>
                <h3 className="text-sm font-medium text-slate-900">{step.title}</h3>
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
