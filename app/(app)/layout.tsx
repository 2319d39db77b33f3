import { redirect } from 'next/navigation';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { currentUserId } from '@/server/auth/next-auth';
import { AppHeader } from '@/app/components/shell/app-header';

export const dynamic = 'force-dynamic';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const userId = await currentUserId();
  if (!userId) {
    const path = (await headers()).get('x-holdout-path') ?? '/teams';
    redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  }
  return (
    <div className="min-h-screen">
      <AppHeader />
      <main className="mx-auto max-w-7xl px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
