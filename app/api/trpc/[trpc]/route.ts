import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/api/root';
import { assertSameOrigin, RequestRefused, withBoundedBody } from '@/server/api/request-guards';
import { TRPC_MAX_BATCH_SIZE, TRPC_MAX_BODY_BYTES } from '@/server/shared/api-limits';
import { currentSession } from '@/server/auth/next-auth';
import { getDatabase } from '@/server/shared/database';
import { loadServerEnv } from '@/server/shared/env';
import { getServerListenHub } from '@/server/events/server-hub';
import { getServerBoss } from '@/server/queue/server-boss';

export const dynamic = 'force-dynamic';

async function handler(incoming: Request) {
  let req: Request;
  try {
    // Queries may come as POST (long inputs), so every POST is checked like a mutation.
    if (incoming.method !== 'GET') assertSameOrigin(incoming, loadServerEnv().nextAuthUrl);
    req = await withBoundedBody(incoming, TRPC_MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof RequestRefused) return error.toResponse();
    throw error;
  }
  const { db } = await getDatabase();
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    // Queries with long inputs (compare of hundreds of runs) come as POST: see app/lib/trpc.tsx.
    allowMethodOverride: true,
    maxBatchSize: TRPC_MAX_BATCH_SIZE,
    createContext: async () => {
      const session = await currentSession();
      return { db, userId: session?.userId ?? null, sessionId: session?.sessionId ?? null, services: { boss: getServerBoss, events: getServerListenHub } };
    },
  });
}

export { handler as GET, handler as POST };
