'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Button } from '@/app/components/ui/button';
import { FormError } from '@/app/components/ui/field';
import { errorMessage, useTRPC } from '@/app/lib/trpc';

export function InviteAcceptance({ token, signedIn }: { token: string; signedIn: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const preview = useQuery(trpc.invite.preview.queryOptions({ token }));
  const accept = useMutation(trpc.invite.accept.mutationOptions({ onSuccess: (result) => router.push(`/t/${result.teamSlug}`) }));
  const here = `/invite/${token}`;

  if (preview.isPending) return <p className="text-sm text-slate-500">Checking the invite…</p>;
  if (preview.isError) {
    return (
      <div className="space-y-3">
        <h1 className="text-lg font-semibold">This invite can’t be used</h1>
        <FormError message={errorMessage(preview.error)} />
        <Link href="/teams" className="text-sm font-medium text-indigo-600 hover:underline">
          Go to your teams
        </Link>
      </div>
    );
  }
  const invite = preview.data;
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">Join {invite.teamName}</h1>
      <p className="text-sm text-slate-600">
        {invite.invitedByName} invited you to join <strong>{invite.teamName}</strong> as <strong>{invite.role}</strong>. The link
        expires on {invite.expiresAt.toLocaleDateString()}.
      </p>
      <FormError message={accept.error ? errorMessage(accept.error) : null} />
      {signedIn ? (
        <Button pending={accept.isPending} onClick={() => accept.mutate({ token })}>
          Join {invite.teamName}
        </Button>
      ) : (
        <div className="flex flex-wrap gap-3">
          <Link href={`/sign-up?callbackUrl=${encodeURIComponent(here)}`} className="rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-indigo-500">
            Create an account to join
          </Link>
          <Link href={`/sign-in?callbackUrl=${encodeURIComponent(here)}`} className="rounded-md px-3.5 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50">
            I have an account
          </Link>
        </div>
      )}
    </div>
  );
}
