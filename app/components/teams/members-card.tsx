'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { assignableRoles, can, TEAM_ROLES, type TeamRole } from '@/server/shared/auth/permissions';
import { Card } from '@/app/components/ui/card';
import { FormError } from '@/app/components/ui/field';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { useCurrentTeam } from './team-context';

export function MembersCard() {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.member.list.queryOptions({ teamId: team.id }));
  const me = useQuery(trpc.account.me.queryOptions());
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.member.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.audit.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.team.bySlug.queryKey() }),
    ]);
  const changeRole = useMutation(trpc.member.changeRole.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.member.remove.mutationOptions({ onSuccess: refresh }));
  const manage = can(team.role, 'members.manage');
  const assignable = assignableRoles(team.role);
  const error = changeRole.error ?? remove.error;

  return (
    <Card title="Members" description="Viewers read; members create datasets, splits and runs; admins manage people; owners own the team.">
      <FormError message={error ? errorMessage(error) : null} />
      <table className="mt-2 w-full text-left text-sm">
        <thead className="text-xs text-slate-500 uppercase">
          <tr>
            <th className="py-2 font-medium">Name</th>
            <th className="py-2 font-medium">Email</th>
            <th className="py-2 font-medium">Role</th>
            {manage && <th className="py-2 font-medium sr-only">Actions</th>}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {members.data?.map((member) => {
            const isMe = member.userId === me.data?.id;
            const editable = manage && !isMe && (member.role !== 'owner' || team.role === 'owner');
            return (
              <tr key={member.userId}>
                <td className="py-2.5 font-medium text-slate-900">
                  {member.name} {isMe && <span className="font-normal text-slate-400">(you)</span>}
                </td>
                <td className="py-2.5 text-slate-600">{member.email}</td>
                <td className="py-2.5">
                  {editable ? (
                    <select
                      aria-label={`Role of ${member.name}`}
                      value={member.role}
                      disabled={changeRole.isPending}
                      onChange={(e) => changeRole.mutate({ teamId: team.id, userId: member.userId, role: e.target.value as TeamRole })}
                      className="rounded-md border-0 py-1 pr-8 pl-2 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
                    >
                      {TEAM_ROLES.filter((r) => r === member.role || assignable.includes(r)).map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span className="text-slate-700">{member.role}</span>
                  )}
                </td>
                {manage && (
                  <td className="py-2.5 text-right">
                    {editable && (
                      <button
                        type="button"
                        className="text-sm text-red-600 hover:underline"
                        onClick={() => {
                          if (window.confirm(`Remove ${member.name} from ${team.name}?`)) remove.mutate({ teamId: team.id, userId: member.userId });
                        }}
                      >
                        Remove
                      </button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}
