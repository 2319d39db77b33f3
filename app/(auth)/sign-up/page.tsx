import type { Metadata } from 'next';
import { SignUpForm } from '@/app/components/auth/sign-up-form';

export const metadata: Metadata = { title: 'Create your account' };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const safe = callbackUrl && callbackUrl.startsWith('/') && !callbackUrl.startsWith('//') ? callbackUrl : '/teams';
  return <SignUpForm callbackUrl={safe} />;
}
