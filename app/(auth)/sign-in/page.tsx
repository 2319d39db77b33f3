import type { Metadata } from 'next';
import { githubSignInEnabled } from '@/server/auth/next-auth';
import { SignInForm } from '@/app/components/auth/sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const params = await searchParams;
  return <SignInForm githubEnabled={githubSignInEnabled()} callbackUrl={safeCallback(params.callbackUrl)} initialError={params.error} />;
}

/** Only same-site paths: an open redirect after sign-in would be a phishing aid. */
function safeCallback(url: string | undefined): string {
  return url && url.startsWith('/') && !url.startsWith('//') ? url : '/teams';
}
