'use client';

import { useQuery } from '@tanstack/react-query';
import { Card } from '@/app/components/ui/card';
import { useTRPC } from '@/app/lib/trpc';
import { useCurrentTeam } from './team-context';

type Entry = { action: string; actorName: string | null; targetName: string | null; detail: Record<string, unknown> };

function describe(entry: Entry): string {
  const actor = entry.actorName ?? 'Someone';
  const target = entry.targetName ?? 'a former member';
  const d = entry.detail;
  switch (entry.action) {
    case 'team.created':
      return `${actor} created the team`;
    case 'team.renamed':
      return `${actor} renamed the team from “${String(d.from)}” to “${String(d.to)}”`;
    case 'team.ownership_transferred':
      return `${actor} transferred ownership to ${target}`;
    case 'invite.created':
      return `${actor} created an invite link for the ${String(d.role)} role`;
    case 'invite.revoked':
      return `${actor} revoked an invite link`;
    case 'invite.accepted':
      return `${target} joined through an invite as ${String(d.role)}`;
    case 'member.role_changed':
      return `${actor} changed ${target}’s role from ${String(d.from)} to ${String(d.to)}`;
    case 'member.removed':
      return `${actor} removed ${target} (${String(d.role)})`;
    case 'member.left':
      return `${target} left the team`;
    case 'budget.changed':
      return `${actor} set a split's test budget to ${String(d.maxEvaluations)} per ${d.period === 'total' ? 'split (in total)' : String(d.period)}`;
    case 'token.created':
      return `${actor} created an API token “${String(d.name)}” with the ${String(d.role)} role`;
    case 'token.revoked':
      return `${actor} revoked the API token “${String(d.name)}”`;
    default:
      return `${actor}: ${entry.action}`;
  }
}

export function AuditCard() {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const log = useQuery(trpc.audit.list.queryOptions({ teamId: team.id, limit: 50 }));
  return (
    <Card title="Audit log" description="Every change to who can access this team. Entries can’t be edited or deleted.">
      <ol className="divide-y divide-slate-100 text-sm" aria-label="Audit log entries">
        {log.data?.items.map((entry) => (
          <li key={entry.id} className="flex justify-between gap-4 py-2">
            <span className="text-slate-700">{describe(entry)}</span>
            <time className="shrink-0 text-xs text-slate-400" dateTime={entry.createdAt.toISOString()}>
              {entry.createdAt.toLocaleString()}
            </time>
          </li>
        ))}
      </ol>
    </Card>
  );
}
