import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/api/root';
import { currentUserId } from '@/server/auth/next-auth';
import { getDatabase } from '@/server/database';

export const dynamic = 'force-dynamic';

async function handler(req: Request) {
  const { db } = await getDatabase();
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: async () => ({ db, userId: await currentUserId() }),
  });
}

export { handler as GET, handler as POST };
