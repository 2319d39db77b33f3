import { redirect } from 'next/navigation';
import { currentUserId } from '@/server/auth/next-auth';

export const dynamic = 'force-dynamic';

export default async function Home() {
  redirect((await currentUserId()) ? '/teams' : '/sign-in');
}
