'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { changePasswordInput } from '@/server/shared/schemas/account';
import { Button } from '@/app/components/ui/button';
import { Card } from '@/app/components/ui/card';
import { FormError, TextField } from '@/app/components/ui/field';
import { errorMessage, fieldErrors, useTRPC, issuesByField } from '@/app/lib/trpc';
import { ApiTokensCard } from './api-tokens-card';

export function AccountSettings() {
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions());
  const change = useMutation(trpc.account.changePassword.mutationOptions());
  const signOutOthers = useMutation(trpc.account.signOutOthers.mutationOptions());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const values = { currentPassword: String(form.get('currentPassword') ?? ''), newPassword: String(form.get('newPassword') ?? '') };
    setDone(false);
    const parsed = changePasswordInput.safeParse(values);
    if (!parsed.success) {
      setErrors(issuesByField(parsed.error));
      return;
    }
    try {
      await change.mutateAsync(values);
      setErrors({});
      setDone(true);
      formElement.reset();
    } catch (error) {
      const perField = fieldErrors(error);
      setErrors(Object.keys(perField).length ? perField : { form: errorMessage(error) });
    }
  }

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-xl font-semibold">Your account</h1>
      <Card title="Profile">
        <dl className="grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
          <dt className="text-slate-500">Name</dt>
          <dd>{me.data?.name}</dd>
          <dt className="text-slate-500">Email</dt>
          <dd>{me.data?.email}</dd>
          {me.data?.isInstanceAdmin && (
            <>
              <dt className="text-slate-500">Instance</dt>
              <dd>Administrator</dd>
            </>
          )}
        </dl>
      </Card>
      <Card title="Change password">
        <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
          <FormError message={errors.form} />
          {done && (
            <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700">
              Password changed. Every other browser where you were signed in has been signed out.
            </p>
          )}
          <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password" error={errors.currentPassword} />
          <TextField label="New password" name="newPassword" type="password" autoComplete="new-password" error={errors.newPassword} />
          <Button type="submit" pending={change.isPending}>
            Change password
          </Button>
        </form>
      </Card>
      <ApiTokensCard />
      <Card title="Other browsers" description="Sign out everywhere else you are signed in, for example on a shared or lost computer. This browser stays signed in.">
        <div className="flex items-center gap-3">
          <Button variant="secondary" pending={signOutOthers.isPending} onClick={() => signOutOthers.mutate()}>
            Sign out other browsers
          </Button>
          {signOutOthers.isSuccess && (
            <p role="status" className="text-sm text-emerald-700">
              Signed out everywhere else.
            </p>
          )}
          <FormError message={signOutOthers.error ? errorMessage(signOutOthers.error) : undefined} />
        </div>
      </Card>
    </div>
  );
}
