import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { signInThrottle, users } from '@/db/schema';
import { verifyAgainstDummy, verifyPassword } from '@/server/auth/password';
import { DomainError } from '../../shared/errors';
import type { UserDto } from './accounts';
import type { PublicCpuGuard } from './public-cpu-guard';

/** Failures allowed in one window before each further attempt waits. */
export const FREE_FAILURES = 5;
const WINDOW_MS = 15 * 60 * 1000;
const BASE_LOCK_MS = 30 * 1000;
const MAX_LOCK_MS = 15 * 60 * 1000;

/**
 * Checks an email and password. Repeated failures for one email lock it for a doubling
 * time (30 s, 1 min, 2 min … 15 min), which makes online guessing impractical while a
 * person who mistyped a few times is barely slowed.
 */
export async function verifyCredentials(
  db: Database,
  input: { email: string; password: string },
  now: Date = new Date(),
  guard?: Pick<PublicCpuGuard, 'hashSlot'>,
): Promise<UserDto> {
  const email = input.email.trim().toLowerCase();
  const [throttle] = await db.select().from(signInThrottle).where(eq(signInThrottle.email, email));
  if (throttle?.lockedUntil && throttle.lockedUntil > now) {
    const seconds = Math.ceil((throttle.lockedUntil.getTime() - now.getTime()) / 1000);
    throw new DomainError('TOO_MANY_REQUESTS', `Too many failed sign-ins for ${email}. Try again in ${formatWait(seconds)}.`);
  }

  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, isInstanceAdmin: users.isInstanceAdmin, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email));
  const hashSlot = guard ? guard.hashSlot : <T,>(run: () => Promise<T>) => run();
  const ok = await hashSlot(() => (user?.passwordHash ? verifyPassword(input.password, user.passwordHash) : verifyAgainstDummy(input.password)));

  if (!ok || !user) {
    await recordFailure(db, email, now);
    throw new DomainError('UNAUTHORIZED', 'That email and password do not match an account.');
  }
  if (throttle) await db.delete(signInThrottle).where(eq(signInThrottle.email, email));
  return { id: user.id, email: user.email, name: user.name, isInstanceAdmin: user.isInstanceAdmin };
}

async function recordFailure(db: Database, email: string, now: Date): Promise<void> {
  const windowStart = sql`${new Date(now.getTime() - WINDOW_MS).toISOString()}::timestamptz`;
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  // One statement, so concurrent failures all count: a window older than 15 minutes starts over.
  const [row] = await db
    .insert(signInThrottle)
    .values({ email, failures: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: signInThrottle.email,
      set: {
        failures: sql`CASE WHEN ${signInThrottle.windowStartedAt} < ${windowStart} THEN 1 ELSE ${signInThrottle.failures} + 1 END`,
        windowStartedAt: sql`CASE WHEN ${signInThrottle.windowStartedAt} < ${windowStart} THEN ${nowSql} ELSE ${signInThrottle.windowStartedAt} END`,
      },
    })
    .returning({ failures: signInThrottle.failures });
  const failures = row?.failures ?? 1;
  if (failures >= FREE_FAILURES) {
    const lockMs = Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** (failures - FREE_FAILURES));
    await db.update(signInThrottle).set({ lockedUntil: new Date(now.getTime() + lockMs) }).where(eq(signInThrottle.email, email));
  }
}

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
