'use client';

import Link from 'next/link';
import { TRPCClientError } from '@trpc/client';
import { errorMessage } from '@/app/lib/trpc';

/**
 * A page whose subject could not be loaded: what was not found (or what went wrong), in the
 * server's words when it gave some, and a way back.
 */
export function PageError({ error, what, back }: { error: unknown; what: string; back: { href: string; label: string } }) {
  const notFound = error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === 'NOT_FOUND';
  const message = errorMessage(error);
  const readable = message && message !== 'Unknown error' ? message : null;
  return (
    <div role="alert" className="mx-auto max-w-xl rounded-lg bg-white px-6 py-8 text-center shadow-sm ring-1 ring-slate-200">
      <h1 className="text-lg font-semibold text-slate-900">{notFound || !readable ? `This ${what} was not found` : `This ${what} could not be loaded`}</h1>
      <p className="mt-2 text-sm text-slate-600">
        {notFound || !readable ? `There is no such ${what} in this team: it may have been deleted, or the link is mistyped.` : readable}
      </p>
      <Link href={back.href} className="mt-4 inline-block text-sm font-medium text-indigo-700 hover:underline">
        {back.label}
      </Link>
    </div>
  );
}
