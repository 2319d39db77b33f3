import 'server-only';
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError, z } from 'zod';
import type { Database } from '@/db/client';
import type { Services } from '@/server/shared/services';
import type { Permission } from '@/server/shared/auth/permissions';
import { resolveTeamAccess, type TokenScope } from './team-access';
import { idSchema } from '@/server/shared/ids';
import { isDomainError, type DomainErrorCode } from '@/server/shared/errors';
import { logServerError } from '@/server/shared/log';

export interface Context {
  db: Database;
  /** Null when signed out. */
  userId: string | null;
  /** The signed-in browser's server-side session (null for callers without one, such as tests). */
  sessionId: string | null;
  /** The process's services (tests pass their own): the queue, NOTIFY channels and blob store. */
  services: Pick<Services, 'boss' | 'events' | 'blobs'>;
  /** Set when the caller is a script with an API token (/api/v1): one team, at most one role. */
  tokenScope?: TokenScope | null;
}

/** Declared on every procedure; the router-wide authorization test reads it. */
export interface ProcedureMeta {
  access: 'public' | 'user' | 'team';
  permission?: Permission;
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const zodError = error.cause instanceof ZodError ? error.cause : null;
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        const { stack: _stack, ...data } = shape.data;
        return { ...shape, message: 'Something went wrong on the server. It has been logged; please try again.', data: { ...data, zodIssues: null } };
      }
      const { stack: _stack, ...data } = shape.data;
      return {
        ...shape,
        message: zodError ? describeZodError(zodError) : shape.message,
        data: { ...data, zodIssues: zodError ? zodError.issues.map((i) => ({ path: i.path.map(String), message: i.message })) : null },
      };
    },
  });

/** "email: Enter a valid email address; password: Use at least 10 characters" */
export function describeZodError(error: ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

const DOMAIN_TO_TRPC: Record<DomainErrorCode, TRPCError['code']> = {
  BAD_INPUT: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
};

/**
 * Domain and validation errors as API errors, or null for anything else (a bug: a logged 500).
 * Used by the middleware below and by streams, whose errors arise after it has returned.
 */
export function toApiError(cause: unknown): TRPCError | null {
  // Readable everywhere, including server-side callers: "password: Use at least 10 characters".
  if (cause instanceof ZodError) return new TRPCError({ code: 'BAD_REQUEST', message: describeZodError(cause), cause });
  if (isDomainError(cause)) return new TRPCError({ code: DOMAIN_TO_TRPC[cause.code], message: cause.userMessage, cause });
  return null;
}

/** The one place domain errors become API errors; anything else is a logged 500. */
const mapErrors = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  const mapped = toApiError(cause);
  if (mapped) throw mapped;
  if (result.error.code === 'INTERNAL_SERVER_ERROR') logServerError(`tRPC ${path}`, cause ?? result.error);
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(mapErrors).meta({ access: 'public' });

const requireUser = t.middleware(({ ctx, next }) => {
  if (!ctx.userId) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
  return next({ ctx: { ...ctx, userId: ctx.userId } });
});

export const userProcedure = t.procedure.use(mapErrors).meta({ access: 'user' }).use(requireUser);

/**
 * Resolves the caller's membership once. A non-member gets NOT_FOUND (whether or not the
 * team exists); a member whose role lacks `permission` gets FORBIDDEN naming the role needed.
 * Runs before the procedure's own input is parsed, so nothing about it leaks either.
 */
export function teamProcedure(permission: Permission) {
  return t.procedure
    .use(mapErrors)
    .meta({ access: 'team', permission })
    .use(requireUser)
    .input(z.object({ teamId: idSchema('teamId') }))
    .use(async ({ ctx, input, next }) => {
      const access = await resolveTeamAccess(ctx.db, ctx.userId, input.teamId, permission, ctx.tokenScope);
      return next({ ctx: { ...ctx, ...access } });
    });
}
