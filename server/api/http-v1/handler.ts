import 'server-only';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { ZodError, z } from 'zod';
import { authenticateToken, type TokenIdentity } from '@/server/domain/accounts/api-tokens';
import { API_MAX_JSON_BYTES } from '@/server/shared/api-limits';
import { isDomainError } from '@/server/shared/errors';
import { logServerError } from '@/server/shared/log';
import type { Services } from '@/server/shared/services';
import { createCaller } from '../root';
import { describeZodError, type Context } from '../trpc';
import { DOMAIN_ERROR_STATUS } from '../http-errors';
import { resolveTeamAccess } from '../team-access';
import { readBoundedBody, RequestRefused } from '../request-guards';
import { apiDocument } from './openapi';
import { apiRateLimiter, type TokenRateLimiter } from './rate-limit';
import { API_ROUTES, matchPath, type ApiRoute } from './routes';

export const API_PREFIX = '/api/v1';

type ApiServices = Pick<Services, 'db' | 'blobs' | 'boss' | 'events'>;

/** `{ error: { code, message, issues? } }`: the shape of every refusal, with the field named in `message`. */
function apiError(status: number, code: string, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  return Response.json({ error: { code, message, ...extra } }, { status, headers });
}

/**
 * Every /api/v1 request: the OpenAPI document (public), or a route from the table with a bearer
 * token. Nothing here decides who may do what: procedure routes go through tRPC's own
 * teamProcedure checks with the token's scope, raw routes through the same resolveTeamAccess.
 */
export async function handleApiV1(request: Request, services: ApiServices, limits: { rateLimiter?: TokenRateLimiter } = {}): Promise<Response> {
  const url = new URL(request.url);
  const pathname = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) || '/' : url.pathname;
  if (request.method === 'GET' && (pathname === '/openapi.json' || pathname === '/')) {
    return Response.json(apiDocument(), { headers: { 'cache-control': 'no-store' } });
  }
  const matched = findRoute(request.method, pathname);
  if (!matched.route) {
    if (matched.allowed.length) return apiError(405, 'METHOD_NOT_SUPPORTED', `${request.method} ${API_PREFIX}${pathname}: this path takes ${matched.allowed.join(', ')}.`, {}, { allow: matched.allowed.join(', ') });
    return apiError(404, 'NOT_FOUND', `${API_PREFIX}${pathname}: no such route. The routes are listed in ${API_PREFIX}/openapi.json.`);
  }

  let identity: TokenIdentity;
  try {
    const header = request.headers.get('authorization') ?? '';
    const bearer = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!bearer) return apiError(401, 'UNAUTHORIZED', 'Authorization: send "Authorization: Bearer <token>" with an API token from your account page.', {}, { 'www-authenticate': 'Bearer' });
    identity = await authenticateToken(services.db, bearer[1]!);
  } catch (error) {
    return errorResponse(error);
  }
  const wait = (limits.rateLimiter ?? apiRateLimiter).take(identity.tokenId);
  if (wait > 0) return apiError(429, 'TOO_MANY_REQUESTS', `This token is sending requests too fast; retry in ${wait} s (batch metric points: up to 10,000 per call).`, {}, { 'retry-after': String(wait) });

  try {
    return await dispatch(matched.route, matched.params, request, url, identity, services);
  } catch (error) {
    return errorResponse(error);
  }
}

function findRoute(method: string, pathname: string): { route: ApiRoute | null; params: Record<string, string>; allowed: string[] } {
  const allowed: string[] = [];
  for (const route of API_ROUTES) {
    const params = matchPath(route.path, pathname);
    if (!params) continue;
    if (route.method === method) return { route, params, allowed };
    allowed.push(route.method);
  }
  return { route: null, params: {}, allowed };
}

async function dispatch(route: ApiRoute, params: Record<string, string>, request: Request, url: URL, identity: TokenIdentity, services: ApiServices): Promise<Response> {
  const query = Object.fromEntries(url.searchParams.entries());
  if (route.kind === 'raw') {
    const input = { ...(route.query ? parseOrThrow(route.query, query, 'query') : {}), ...parseOrThrow(route.params, params, 'path') };
    if (typeof input.teamId === 'string') await resolveTeamAccess(services.db, identity.userId, input.teamId, route.permission, { teamId: identity.teamId, role: identity.role });
    return route.handle({ db: services.db, blobs: services.blobs, identity, request }, input);
  }

  let body: Record<string, unknown> = {};
  if (route.method !== 'GET') body = await readJsonBody(request);
  const input = { ...(route.method === 'GET' && route.query ? parseOrThrow(route.query, query, 'query') : {}), ...body, ...params };
  const context: Context = { db: services.db, userId: identity.userId, sessionId: null, services, tokenScope: { teamId: identity.teamId, role: identity.role } };
  let target: unknown = createCaller(context);
  for (const part of route.procedure.split('.')) target = (target as Record<string, unknown>)[part];
  const result = await (target as (input: unknown) => Promise<unknown>)(input);
  return Response.json(result, { status: route.method === 'POST' && route.procedure.endsWith('.create') ? 201 : 200 });
}

function parseOrThrow(schema: z.ZodType, value: unknown, where: string): Record<string, unknown> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiInputError(`${where}: ${describeZodError(parsed.error)}`);
  return parsed.data as Record<string, unknown>;
}

class ApiInputError extends Error {}

async function readJsonBody(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new ApiInputError(`content-type: send the body as application/json (got ${type ? `"${type}"` : 'none'}).`);
  const text = (await readBoundedBody(request, API_MAX_JSON_BYTES)).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const nan = /\bNaN\b|\bInfinity\b/.test(text) ? ' NaN and Infinity are not JSON: send finite numbers (or leave the point out).' : '';
    throw new ApiInputError(`body: not valid JSON (${(error as Error).message}).${nan}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new ApiInputError('body: send a JSON object.');
  return json as Record<string, unknown>;
}

function errorResponse(error: unknown): Response {
  if (error instanceof ApiInputError) return apiError(400, 'BAD_REQUEST', error.message);
  if (error instanceof RequestRefused) return apiError(error.status, error.code, `body: ${error.message} Send smaller batches.`);
  if (isDomainError(error)) return apiError(DOMAIN_ERROR_STATUS[error.code], error.code, error.userMessage);
  if (error instanceof ZodError) return apiError(400, 'BAD_REQUEST', describeZodError(error));
  if (error instanceof TRPCError) {
    const status = getHTTPStatusCodeFromError(error);
    if (status >= 500) {
      logServerError('API v1', error.cause ?? error);
      return apiError(500, 'INTERNAL_SERVER_ERROR', 'Something went wrong on the server. It has been logged; please try again.');
    }
    const zod = error.cause instanceof ZodError ? error.cause : null;
    return apiError(status, error.code, zod ? describeZodError(zod) : error.message, zod ? { issues: zod.issues.map((i) => ({ path: i.path.map(String), message: i.message })) } : {});
  }
  logServerError('API v1', error);
  return apiError(500, 'INTERNAL_SERVER_ERROR', 'Something went wrong on the server. It has been logged; please try again.');
}
