import type { Metadata } from 'next';
import { currentUserId } from '@/server/auth/next-auth';
import { Logo } from '@/app/components/logo';
import { InviteAcceptance } from '@/app/components/teams/invite-acceptance';

export const metadata: Metadata = { title: 'Team invite' };
export const dynamic = 'force-dynamic';

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const signedIn = (await currentUserId()) !== null;
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="mb-8">
        <Logo />
      </div>
      <div className="w-full max-w-md rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <InviteAcceptance token={token} signedIn={signedIn} />
      </div>
    </main>
  );
}
