import 'server-only';
import { isDomainError, type DomainErrorCode } from '@/server/shared/errors';
import { logServerError } from '@/server/shared/log';
import { RequestRefused } from './request-guards';

/**
 * How the routes outside tRPC (uploads, weight downloads) answer errors, in the same shape and
 * with the same words as the tRPC procedures: `{ error: { code, message } }`. Domain errors keep
 * their user message; anything else is a logged 500 with a generic message.
 */
export const DOMAIN_ERROR_STATUS: Record<DomainErrorCode, number> = {
  BAD_INPUT: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
};

export function errorResponse(code: DomainErrorCode | 'INTERNAL_SERVER_ERROR', message: string): Response {
  return Response.json({ error: { code, message } }, { status: code === 'INTERNAL_SERVER_ERROR' ? 500 : DOMAIN_ERROR_STATUS[code] });
}

/** The response for whatever a route handler threw; `where` names it in the server log. */
export function responseForError(where: string, error: unknown): Response {
  if (error instanceof RequestRefused) return error.toResponse();
  if (isDomainError(error)) return errorResponse(error.code, error.userMessage);
  logServerError(where, error);
  return errorResponse('INTERNAL_SERVER_ERROR', 'Something went wrong on the server. It has been logged; please try again.');
}
