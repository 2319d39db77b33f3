import { NextResponse, type NextRequest } from 'next/server';

/**
 * Passes the requested path to server layouts, so a signed-out visitor is sent back to the
 * page they asked for after signing in. Not an access check: every page and procedure
 * checks the session itself.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set('x-holdout-path', request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ['/((?!api|_next|favicon.ico).*)'] };
