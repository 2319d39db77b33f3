import 'server-only';
import { TRPCError } from '@trpc/server';
import type { Permission } from '@/server/shared/auth/permissions';
import { isSessionActive } from '@/server/domain/accounts/sessions';
import { logServerError } from '@/server/shared/log';
import { resolveTeamAccess } from './team-access';
import { toApiError, type Context } from './trpc';

/** A stream re-checks access before every delivery, and this often while nothing is delivered. */
export const STREAM_RECHECK_MS = 3_000;

/**
 * Wraps a subscription's generator so that access is checked again while it runs: the caller's
 * session (signed out, password changed) and membership and role in the team (removed, demoted).
 * When access ends the stream ends with the same error a fresh request would get, so a removed
 * member's open tabs stop receiving comments, launches and results within seconds.
 * `open` gets a signal of its own that aborts when the guard stops it.
 */
export async function* guardedStream<T>(
  ctx: Pick<Context, 'db' | 'sessionId'> & { userId: string },
  teamId: string,
  permission: Permission,
  outer: AbortSignal | undefined,
  open: (signal: AbortSignal) => AsyncGenerator<T>,
): AsyncGenerator<T> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  outer?.addEventListener('abort', abort);
  if (outer?.aborted) controller.abort();
  const check = async () => {
    if (ctx.sessionId && !(await isSessionActive(ctx.db, ctx.sessionId, ctx.userId))) {
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Your session has ended. Sign in again.' });
    }
    try {
      await resolveTeamAccess(ctx.db, ctx.userId, teamId, permission);
    } catch (error) {
      throw toApiError(error) ?? error;
    }
  };
  const inner = open(controller.signal);
  let pending = inner.next();
  try {
    while (!controller.signal.aborted) {
      let timer: NodeJS.Timeout | undefined;
      const tick = new Promise<'tick'>((resolve) => (timer = setTimeout(() => resolve('tick'), STREAM_RECHECK_MS)));
      let step: IteratorResult<T> | 'tick';
      try {
        step = await Promise.race([pending, tick]).finally(() => clearTimeout(timer));
      } catch (error) {
        pending = Promise.resolve({ done: true, value: undefined as never });
        throw toApiError(error) ?? error;
      }
      if (step !== 'tick' && step.done) return;
      await check();
      if (step === 'tick') continue;
      yield step.value;
      pending = inner.next();
    }
  } finally {
    outer?.removeEventListener('abort', abort);
    controller.abort();
    // The inner generator sees the abort and finishes its pending step; then it is closed.
    await pending.catch((error: unknown) => logServerError('stream', error));
    await inner.return(undefined as never).catch(() => undefined);
  }
}
