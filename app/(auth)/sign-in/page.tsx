import type { Metadata } from 'next';
import { sameOriginPath } from '@/server/auth/redirects';
import { githubSignInEnabled } from '@/server/auth/next-auth';
import { SignInForm } from '@/app/components/auth/sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const params = await searchParams;
  return <SignInForm githubEnabled={githubSignInEnabled()} callbackUrl={sameOriginPath(params.callbackUrl)} initialError={params.error} />;
}
