import { handleApiV1 } from '@/server/api/http-v1/handler';
import { webServices } from '@/server/shared/web-services';

export const dynamic = 'force-dynamic';

/** The HTTP API for scripts (bearer tokens, no cookies): server/api/http-v1/. */
async function handler(request: Request) {
  return handleApiV1(request, await webServices());
}

export { handler as GET, handler as POST, handler as PUT };
