import 'server-only';

/**
 * Checks every HTTP entry point applies before any work: where a state-changing request may come
 * from, and how much of a body it may send. Kept apart from the handlers so each one says
 * `assertSameOrigin(req)` instead of restating the rule.
 */

export class RequestRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  toResponse(): Response {
    return Response.json({ error: { code: this.code, message: this.message } }, { status: this.status });
  }
}

/**
 * Session cookies are SameSite=Lax, which a page on another port of the same host (same site,
 * other origin) still gets sent along. So a state-changing request from a browser must carry an
 * Origin of this app: the configured public URL, or the host the request was addressed to. A
 * request without Origin and without Sec-Fetch-Site is not from a browser page (scripts, curl):
 * cross-site request forgery needs a browser, so it passes.
 */
export function assertSameOrigin(req: Request, publicUrl: string): void {
  const origin = req.headers.get('origin');
  const fetchSite = req.headers.get('sec-fetch-site');
  if (origin === null) {
    if (fetchSite === null || fetchSite === 'same-origin' || fetchSite === 'none') return;
    throw new RequestRefused(403, 'FORBIDDEN', `Refused a ${fetchSite} request without an Origin header: state changes must come from Holdout's own pages.`);
  }
  const allowed = new Set([new URL(publicUrl).origin]);
  const host = req.headers.get('host');
  if (host) allowed.add(`${new URL(req.url).protocol}//${host}`);
  if (!allowed.has(origin)) {
    throw new RequestRefused(403, 'FORBIDDEN', `Refused a request from ${origin}: state changes must come from Holdout's own pages (${[...allowed].join(' or ')}).`);
  }
}

/** The request with its body read into memory, refused with 413 past `maxBytes` (declared or streamed). */
export async function withBoundedBody(req: Request, maxBytes: number): Promise<Request> {
  if (req.method === 'GET' || req.method === 'HEAD' || !req.body) return req;
  return new Request(req.url, { method: req.method, headers: req.headers, body: new Uint8Array(await readBoundedBody(req, maxBytes)), signal: req.signal });
}

/** The body's bytes, refused with 413 past `maxBytes`, whether declared by Content-Length or found while reading. */
export async function readBoundedBody(req: Request, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => new RequestRefused(413, 'PAYLOAD_TOO_LARGE', `The request body is over ${Math.round(maxBytes / 1024)} KB, the most this endpoint accepts.`);
  const declared = Number(req.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
