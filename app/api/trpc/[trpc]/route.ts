import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/api/root';
import { responseForError } from '@/server/api/http-errors';
import { assertSameOrigin, withBoundedBody } from '@/server/api/request-guards';
import { TRPC_MAX_BATCH_SIZE, TRPC_MAX_BODY_BYTES } from '@/server/shared/api-limits';
import { currentSession } from '@/server/auth/next-auth';
import { loadServerEnv } from '@/server/shared/env';
import { webServices } from '@/server/shared/web-services';

export const dynamic = 'force-dynamic';

async function handler(incoming: Request) {
  let req: Request;
  try {
    // Queries may come as POST (long inputs), so every POST is checked like a mutation.
    if (incoming.method !== 'GET') assertSameOrigin(incoming, loadServerEnv().nextAuthUrl);
    req = await withBoundedBody(incoming, TRPC_MAX_BODY_BYTES);
  } catch (error) {
    return responseForError('tRPC request', error);
  }
  const services = await webServices();
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    // Queries with long inputs (compare of hundreds of runs) come as POST: see app/lib/trpc.tsx.
    allowMethodOverride: true,
    maxBatchSize: TRPC_MAX_BATCH_SIZE,
    createContext: async () => {
      const session = await currentSession();
      return { db: services.db, userId: session?.userId ?? null, sessionId: session?.sessionId ?? null, services };
    },
  });
}

export { handler as GET, handler as POST };
