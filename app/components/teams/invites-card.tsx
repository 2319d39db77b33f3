'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { assignableRoles, type TeamRole } from '@/server/shared/auth/permissions';
import { Button } from '@/app/components/ui/button';
import { Card } from '@/app/components/ui/card';
import { FormError, SelectField } from '@/app/components/ui/field';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { useCurrentTeam } from './team-context';

const STATUS_STYLE = {
  pending: 'bg-amber-50 text-amber-700 ring-amber-200',
  accepted: 'bg-emerald-50 text-emerald-700 ring-emerald-200',
  revoked: 'bg-slate-100 text-slate-500 ring-slate-200',
  expired: 'bg-slate-100 text-slate-500 ring-slate-200',
} as const;

export function InvitesCard() {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invites = useQuery(trpc.invite.list.queryOptions({ teamId: team.id }));
  const [role, setRole] = useState<TeamRole>('member');
  const [days, setDays] = useState(7);
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.invite.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.audit.list.queryKey() }),
    ]);
  const create = useMutation(trpc.invite.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.invite.revoke.mutationOptions({ onSuccess: refresh }));

  async function onCreate(event: FormEvent) {
    event.preventDefault();
    setCopied(false);
    const result = await create.mutateAsync({ teamId: team.id, role, expiresInDays: days }).catch(() => null);
    if (result) setLink(`${window.location.origin}/invite/${result.token}`);
  }

  return (
    <Card title="Invite links" description="Anyone with a link can join once, with the role you choose, until it expires or you revoke it.">
      <form onSubmit={onCreate} className="flex flex-wrap items-end gap-3">
        <div className="w-40">
          <SelectField label="Role" value={role} onChange={(e) => setRole(e.target.value as TeamRole)}>
            {assignableRoles(team.role)
              .filter((r) => r !== 'owner')
              .map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
          </SelectField>
        </div>
        <div className="w-40">
          <SelectField label="Expires after" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {[1, 7, 14, 30].map((d) => (
              <option key={d} value={d}>
                {d} {d === 1 ? 'day' : 'days'}
              </option>
            ))}
          </SelectField>
        </div>
        <Button type="submit" pending={create.isPending}>
          Create invite link
        </Button>
      </form>
      <div className="mt-3 space-y-2">
        <FormError message={create.error ? errorMessage(create.error) : revoke.error ? errorMessage(revoke.error) : null} />
        {link && (
          <div className="flex flex-wrap items-center gap-2 rounded-md bg-indigo-50 p-3 ring-1 ring-indigo-100">
            <label className="sr-only" htmlFor="invite-link">
              Invite link
            </label>
            <input id="invite-link" readOnly value={link} className="min-w-0 flex-1 bg-transparent font-mono text-xs text-indigo-900" onFocus={(e) => e.target.select()} />
            <Button
              variant="secondary"
              type="button"
              onClick={async () => {
                await navigator.clipboard?.writeText(link).catch(() => undefined);
                setCopied(true);
              }}
            >
              {copied ? 'Copied' : 'Copy link'}
            </Button>
            <p className="w-full text-xs text-indigo-800">Shown once: Holdout stores only a hash of it.</p>
          </div>
        )}
      </div>
      {invites.data && invites.data.length > 0 && (
        <table className="mt-4 w-full text-left text-sm">
          <thead className="text-xs text-slate-500 uppercase">
            <tr>
              <th className="py-2 font-medium">Role</th>
              <th className="py-2 font-medium">Created by</th>
              <th className="py-2 font-medium">Expires</th>
              <th className="py-2 font-medium">Status</th>
              <th className="py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {invites.data.map((invite) => (
              <tr key={invite.id}>
                <td className="py-2">{invite.role}</td>
                <td className="py-2 text-slate-600">{invite.createdByName}</td>
                <td className="py-2 text-slate-600">{invite.expiresAt.toLocaleDateString()}</td>
                <td className="py-2">
                  <span className={`rounded-full px-2 py-0.5 text-xs ring-1 ring-inset ${STATUS_STYLE[invite.status]}`}>
                    {invite.status}
                    {invite.acceptedByName ? ` by ${invite.acceptedByName}` : ''}
                  </span>
                </td>
                <td className="py-2 text-right">
                  {invite.status === 'pending' && (
                    <button type="button" className="text-sm text-red-600 hover:underline" onClick={() => revoke.mutate({ teamId: team.id, inviteId: invite.id })}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
