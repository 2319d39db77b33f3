'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { signUpInput } from '@/server/shared/schemas/account';
import { MIN_PASSWORD_LENGTH } from '@/server/shared/auth/password-policy';
import { Button } from '@/app/components/ui/button';
import { FormError, TextField } from '@/app/components/ui/field';
import { errorMessage, fieldErrors, useTRPC, issuesByField } from '@/app/lib/trpc';

export function SignUpForm({ callbackUrl, freshInstance }: { callbackUrl: string; freshInstance: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const signUp = useMutation(trpc.account.signUp.mutationOptions());

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const values = { name: String(form.get('name') ?? ''), email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') };
    setFormError(null);
    // Same schema as the server: errors show inline before a round trip.
    const parsed = signUpInput.safeParse(values);
    if (!parsed.success) {
      setErrors(issuesByField(parsed.error));
      return;
    }
    setErrors({});
    try {
      await signUp.mutateAsync(values);
    } catch (error) {
      const perField = fieldErrors(error);
      if (Object.keys(perField).length) setErrors(perField);
      else setFormError(errorMessage(error));
      return;
    }
    const result = await signIn('credentials', { email: values.email, password: values.password, redirect: false });
    if (!result || result.error) {
      setFormError('Your account was created, but signing in failed. Try signing in.');
      return;
    }
    router.push(callbackUrl);
    router.refresh();
  }

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-lg font-semibold">Create your account</h1>
        {freshInstance && <p className="text-sm text-slate-500">This is a new Holdout: the first account becomes its administrator.</p>}
      </div>
      <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
        <FormError message={formError} />
        <TextField label="Name" name="name" autoComplete="name" required error={errors.name} />
        <TextField label="Email" name="email" type="email" autoComplete="email" required error={errors.email} />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          error={errors.password}
          hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        />
        <Button type="submit" pending={signUp.isPending} className="w-full">
          Create account
        </Button>
      </form>
      <p className="text-center text-sm text-slate-500">
        Have an account?{' '}
        <Link href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-medium text-indigo-600 hover:underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
