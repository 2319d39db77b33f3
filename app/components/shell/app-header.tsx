'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { useQuery } from '@tanstack/react-query';
import { Logo } from '@/app/components/logo';
import { useTRPC } from '@/app/lib/trpc';
import { NotificationBell } from '@/app/components/notifications/notification-bell';
import { TeamSwitcher } from './team-switcher';

export function AppHeader() {
  const trpc = useTRPC();
  const params = useParams<{ slug?: string }>();
  const me = useQuery(trpc.account.me.queryOptions());
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-4 px-4 sm:px-6">
        <Logo />
        <span className="text-slate-300" aria-hidden>
          /
        </span>
        <TeamSwitcher currentSlug={params.slug} />
        <nav aria-label="Account" className="ml-auto flex items-center gap-3 text-sm">
          <NotificationBell />
          <Link href="/account" className="text-slate-600 hover:text-slate-900">
            {me.data?.name ?? 'Account'}
          </Link>
          <button type="button" onClick={() => void signOut({ callbackUrl: '/sign-in' })} className="text-slate-500 hover:text-slate-900">
            Sign out
          </button>
        </nav>
      </div>
    </header>
  );
}
