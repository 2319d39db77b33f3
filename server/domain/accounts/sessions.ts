import 'server-only';
import { and, eq, gt, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { authSessions } from '@/db/schema';
import { idSchema } from '@/server/shared/ids';

/**
 * Server-side sessions behind next-auth's JWT cookie. The cookie names a row here; a request is
 * signed in only while that row exists, belongs to the cookie's user, is unexpired and unrevoked.
 * So signing out, changing the password or signing out everywhere ends sessions at once, where a
 * bare JWT would stay valid until it expires.
 */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;

export async function openSession(db: Database, userId: string, now: Date = new Date()): Promise<string> {
  // Housekeeping on the way in: this user's long-dead rows.
  await db.delete(authSessions).where(and(eq(authSessions.userId, userId), or(lt(authSessions.expiresAt, now), lt(authSessions.revokedAt, sql`now() - interval '1 day'`))));
  const [row] = await db
    .insert(authSessions)
    .values({ userId, expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000) })
    .returning({ id: authSessions.id });
  return row!.id;
}

/** A cookie's ids are whatever the client sent: only a well-formed id reaches the query. */
const isId = (value: string) => idSchema('id').safeParse(value).success;

export async function isSessionActive(db: Database, sessionId: string, userId: string): Promise<boolean> {
  if (!isId(sessionId) || !isId(userId)) return false;
  const [row] = await db
    .select({ id: authSessions.id })
    .from(authSessions)
    .where(and(eq(authSessions.id, sessionId), eq(authSessions.userId, userId), isNull(authSessions.revokedAt), gt(authSessions.expiresAt, sql`now()`)));
  return row !== undefined;
}

export async function revokeSession(db: Database, sessionId: string): Promise<void> {
  if (!isId(sessionId)) return;
  await db.update(authSessions).set({ revokedAt: sql`now()` }).where(and(eq(authSessions.id, sessionId), isNull(authSessions.revokedAt)));
}

/** Ends every session of the user except `keep` (the one asking), e.g. after a password change. */
export async function revokeOtherSessions(db: Database, userId: string, keep: string | null): Promise<void> {
  await db
    .update(authSessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(authSessions.userId, userId), isNull(authSessions.revokedAt), keep ? ne(authSessions.id, keep) : undefined));
}
