import type { Metadata } from 'next';
import { sameOriginPath } from '@/server/auth/redirects';
import { isFreshInstance } from '@/server/domain/accounts/accounts';
import { webServices } from '@/server/shared/web-services';
import { SignUpForm } from '@/app/components/auth/sign-up-form';

export const metadata: Metadata = { title: 'Create your account' };
export const dynamic = 'force-dynamic';

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const { db } = await webServices();
  return <SignUpForm callbackUrl={sameOriginPath(callbackUrl)} freshInstance={await isFreshInstance(db)} />;
}
