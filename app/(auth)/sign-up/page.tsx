import type { Metadata } from 'next';
import { sameOriginPath } from '@/server/auth/redirects';
import { SignUpForm } from '@/app/components/auth/sign-up-form';

export const metadata: Metadata = { title: 'Create your account' };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  return <SignUpForm callbackUrl={sameOriginPath(callbackUrl)} />;
}
