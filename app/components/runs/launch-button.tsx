'use client';

import Link from 'next/link';
import { can } from '@/server/shared/auth/permissions';
import { useCurrentTeam } from '@/app/components/teams/team-context';

/** "Launch a run" for a split page's header; hidden from viewers, who cannot launch. */
export function LaunchRunButton({ splitId }: { splitId: string }) {
  const team = useCurrentTeam();
  if (!can(team.role, 'run.create')) return null;
  return (
    <Link
      href={`/t/${team.slug}/splits/${splitId}/launch`}
      className="inline-flex items-center justify-center rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-500"
    >
      Launch a run
    </Link>
  );
}
