'use client';

import { useRouter } from 'next/navigation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { can } from '@/server/shared/auth/permissions';
import { Button } from '@/app/components/ui/button';
import { Card } from '@/app/components/ui/card';
import { FormError, TextField } from '@/app/components/ui/field';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { AuditCard } from './audit-card';
import { InvitesCard } from './invites-card';
import { MembersCard } from './members-card';
import { useCurrentTeam } from './team-context';

export function TeamSettings() {
  const team = useCurrentTeam();
  return (
    <div className="space-y-6">
      <MembersCard />
      {can(team.role, 'invites.manage') && <InvitesCard />}
      {can(team.role, 'audit.read') && <AuditCard />}
      <LeaveTeamCard />
      {can(team.role, 'team.delete') && <DeleteTeamCard />}
    </div>
  );
}

function LeaveTeamCard() {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const leave = useMutation(
    trpc.team.leave.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() });
        router.push('/teams');
      },
    }),
  );
  return (
    <Card title="Leave team" description="You lose access to this team’s datasets, runs and leaderboards.">
      <FormError message={leave.error ? errorMessage(leave.error) : null} />
      <Button variant="danger" className="mt-2" pending={leave.isPending} onClick={() => leave.mutate({ teamId: team.id })}>
        Leave {team.name}
      </Button>
    </Card>
  );
}

function DeleteTeamCard() {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [confirmSlug, setConfirmSlug] = useState('');
  const remove = useMutation(
    trpc.team.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() });
        router.push('/teams');
      },
    }),
  );
  return (
    <Card title="Delete team" description="Deletes the team and everything in it, for every member. This cannot be undone.">
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          remove.mutate({ teamId: team.id, confirmSlug });
        }}
      >
        <div className="min-w-64 flex-1">
          <TextField label={`Type "${team.slug}" to confirm`} value={confirmSlug} onChange={(e) => setConfirmSlug(e.target.value)} />
        </div>
        <Button variant="danger" type="submit" disabled={confirmSlug !== team.slug} pending={remove.isPending}>
          Delete team
        </Button>
      </form>
      <div className="mt-2">
        <FormError message={remove.error ? errorMessage(remove.error) : null} />
      </div>
    </Card>
  );
}
