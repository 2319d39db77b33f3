import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/api/root';
import { currentUserId } from '@/server/auth/next-auth';
import { getDatabase } from '@/server/database';
import { getServerRunEventHub } from '@/server/events/server-hub';
import { getServerBoss } from '@/server/queue/server-boss';

export const dynamic = 'force-dynamic';

async function handler(req: Request) {
  const { db } = await getDatabase();
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    // Queries with long inputs (compare of hundreds of runs) come as POST: see app/lib/trpc.tsx.
    allowMethodOverride: true,
    createContext: async () => ({ db, userId: await currentUserId(), services: { boss: getServerBoss, runEvents: getServerRunEventHub } }),
  });
}

export { handler as GET, handler as POST };
