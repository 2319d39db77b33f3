import { redirect } from 'next/navigation';
import { currentUserId } from '@/server/auth/next-auth';
import { landingPath } from '@/server/domain/teams/teams';
import { webServices } from '@/server/shared/web-services';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const userId = await currentUserId();
  if (!userId) redirect('/sign-in');
  const { db } = await webServices();
  redirect(await landingPath(db, userId));
}
