'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { roleAtLeast, TEAM_ROLES, type TeamRole } from '@/server/shared/auth/permissions';
import { Button } from '@/app/components/ui/button';
import { Card } from '@/app/components/ui/card';
import { CopyButton } from '@/app/components/ui/copy-button';
import { FormError, SelectField, TextField } from '@/app/components/ui/field';
import { formatWhen } from '@/app/lib/format';
import { errorMessage, fieldErrors, useTRPC } from '@/app/lib/trpc';

/** What a script needs beside the token: where the app is (this page's origin). */
function quickStart(secret: string, origin: string): string {
  return [`export HOLDOUT_URL=${origin}`, `export HOLDOUT_TOKEN=${secret}`, 'python3 clients/python/quickstart.py --split <split id>'].join('\n');
}

/**
 * Personal API tokens, for scripts that train elsewhere (the Python and TypeScript clients, curl). A token works in one team with at most the role chosen here; its secret is
 * shown once, right after creation.
 */
export function ApiTokensCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const teams = useQuery(trpc.team.list.queryOptions());
  const tokens = useQuery(trpc.apiToken.list.queryOptions());
  const create = useMutation(trpc.apiToken.create.mutationOptions());
  const revoke = useMutation(trpc.apiToken.revoke.mutationOptions());
  const [teamId, setTeamId] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);

  const chosenTeam = teams.data?.find((t) => t.id === teamId) ?? teams.data?.[0];
  const roles = TEAM_ROLES.filter((r) => chosenTeam && roleAtLeast(chosenTeam.role, r));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiToken.list.queryKey() });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const formElement = event.currentTarget;
    if (!chosenTeam) return;
    try {
      const result = await create.mutateAsync({ teamId: chosenTeam.id, name: String(form.get('name') ?? ''), role: String(form.get('role') ?? 'member') as TeamRole });
      await refresh();
      setCreated({ name: result.token.name, secret: result.secret });
      setErrors({});
      formElement.reset();
    } catch (error) {
      const perField = fieldErrors(error);
      setErrors(Object.keys(perField).length ? perField : { form: errorMessage(error) });
    }
  }

  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  return (
    <Card
      title="API tokens"
      description="For scripts that train elsewhere (PyTorch, Keras, scikit-learn): they download a split's train and dev rows, log their curves and send predictions, which the server scores. A token works in one team, with at most the role you give it."
    >
      {teams.data?.length === 0 ? (
        <p className="text-sm text-slate-500">Join or create a team first: a token belongs to one team.</p>
      ) : (
        <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-[1fr_10rem_8rem_auto] sm:items-end" noValidate>
          <TextField label="Token name" name="name" placeholder="laptop, pytorch" error={errors.name} required maxLength={80} />
          <SelectField label="Team" name="teamId" value={chosenTeam?.id ?? ''} onChange={(e) => setTeamId(e.target.value)}>
            {teams.data?.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </SelectField>
          <SelectField label="Role" name="role" defaultValue={roles.includes('member') ? 'member' : roles.at(-1)} key={chosenTeam?.id} error={errors.role}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </SelectField>
          {/* Waits for the team list: a token is created for one of them. */}
          <Button type="submit" pending={create.isPending} disabled={!chosenTeam}>
            Create token
          </Button>
          <div className="sm:col-span-4">
            <FormError message={errors.form} />
          </div>
        </form>
      )}

      {created && (
        <div role="status" className="mt-4 space-y-2 rounded-md bg-emerald-50 p-4 ring-1 ring-emerald-200">
          <p className="text-sm font-medium text-emerald-900">Token “{created.name}” created. Copy it now: it is shown only once.</p>
          <div className="flex items-center gap-2">
            <code aria-label="New token" className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1.5 font-mono text-xs text-slate-900 ring-1 ring-emerald-200">
              {created.secret}
            </code>
            <CopyButton value={created.secret} label="Copy token" failedHint="Copying is blocked here: select the token and copy it" />
          </div>
          <p className="text-xs text-emerald-900">Quick start (from a checkout of Holdout; the split id is on each split’s page):</p>
          <pre aria-label="Quick start" className="overflow-x-auto rounded bg-white p-2 font-mono text-xs text-slate-800 ring-1 ring-emerald-200">
            {quickStart(created.secret, origin)}
          </pre>
          <p className="text-xs text-emerald-900">
            The API is described at <a className="font-medium underline" href="/api/v1/openapi.json">/api/v1/openapi.json</a>; clients/README.md shows the Python and TypeScript clients.
          </p>
        </div>
      )}

      <table className="mt-4 w-full text-sm" aria-label="Your API tokens">
        <thead className="text-left text-xs text-slate-500">
          <tr>
            <th className="py-1.5 font-medium">Name</th>
            <th className="font-medium">Team · role</th>
            <th className="font-medium">Token</th>
            <th className="font-medium">Last used</th>
            <th />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {tokens.data?.length === 0 && (
            <tr>
              <td colSpan={5} className="py-3 text-slate-500">
                No tokens yet.
              </td>
            </tr>
          )}
          {tokens.data?.map((t) => (
            <tr key={t.id} className={t.revokedAt ? 'text-slate-400' : undefined}>
              <td className="py-2 font-medium">{t.name}</td>
              <td>
                {t.teamName} · {t.role}
              </td>
              <td className="font-mono text-xs">{t.prefix}…</td>
              <td>{t.revokedAt ? `revoked ${formatWhen(t.revokedAt)}` : t.lastUsedAt ? formatWhen(t.lastUsedAt) : 'never'}</td>
              <td className="text-right">
                {!t.revokedAt && (
                  <Button variant="secondary" pending={revoke.isPending && revoke.variables?.tokenId === t.id} onClick={() => revoke.mutate({ tokenId: t.id }, { onSuccess: refresh })}>
                    Revoke
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FormError message={revoke.error ? errorMessage(revoke.error) : undefined} />
    </Card>
  );
}
