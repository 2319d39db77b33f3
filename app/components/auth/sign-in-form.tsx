'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { Button } from '@/app/components/ui/button';
import { FormError, TextField } from '@/app/components/ui/field';

export function SignInForm({ githubEnabled, callbackUrl, initialError }: { githubEnabled: boolean; callbackUrl: string; initialError?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError && initialError !== 'CredentialsSignin' ? initialError : null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      setError(result?.error && result.error !== 'CredentialsSignin' ? result.error : 'That email and password do not match an account.');
      return;
    }
    router.push(callbackUrl);
    router.refresh();
  }

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-lg font-semibold">Sign in</h1>
        <p className="text-sm text-slate-500">Welcome back.</p>
      </div>
      <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
        <FormError message={error} />
        <TextField label="Email" name="email" type="email" autoComplete="email" required />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
        <Button type="submit" pending={pending} className="w-full">
          Sign in
        </Button>
      </form>
      {githubEnabled && (
        <Button variant="secondary" className="w-full" onClick={() => void signIn('github', { callbackUrl })}>
          Sign in with GitHub
        </Button>
      )}
      <p className="text-center text-sm text-slate-500">
        New here?{' '}
        <Link href={`/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-medium text-indigo-600 hover:underline">
          Create an account
        </Link>
      </p>
    </div>
  );
}
