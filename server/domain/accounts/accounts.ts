import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { users } from '@/db/schema';
import { hashPassword, verifyPassword } from '@/server/auth/password';
import { DomainError } from '../../shared/errors';
import { revokeOtherSessions } from './sessions';
import type { PublicCpuGuard } from './public-cpu-guard';

export interface UserDto {
  id: string;
  email: string;
  name: string;
  isInstanceAdmin: boolean;
}

const userColumns = { id: users.id, email: users.email, name: users.name, isInstanceAdmin: users.isInstanceAdmin };

// Serializes "is this the first account?" so two simultaneous first sign-ups can't both become admin.
const FIRST_ACCOUNT_LOCK = 7_305_411_903;

/**
 * Creates an account. Cheap refusals come before the password hash: a known email, then the
 * `guard` (the public procedure passes the process's sign-up guard; server-side callers none).
 */
export async function signUp(db: Database, input: { email: string; name: string; password: string }, guard?: PublicCpuGuard): Promise<UserDto> {
  const [known] = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email));
  if (known) throw new DomainError('CONFLICT', `An account with ${input.email} already exists. Sign in instead, or use another email.`);
  guard?.take();
  const passwordHash = await (guard ? guard.hashSlot(() => hashPassword(input.password)) : hashPassword(input.password));
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${FIRST_ACCOUNT_LOCK})`);
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (existing) {
      throw new DomainError('CONFLICT', `An account with ${input.email} already exists. Sign in instead, or use another email.`);
    }
    const [anyAdmin] = await tx.select({ id: users.id }).from(users).where(eq(users.isInstanceAdmin, true)).limit(1);
    const [created] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, passwordHash, isInstanceAdmin: !anyAdmin })
      .returning(userColumns);
    return created!;
  });
}

export async function getUser(db: Database, userId: string): Promise<UserDto> {
  const [user] = await db.select(userColumns).from(users).where(eq(users.id, userId));
  if (!user) throw new DomainError('UNAUTHORIZED', 'Your account no longer exists. Sign in again.');
  return user;
}

export async function updateProfile(db: Database, userId: string, input: { name: string }): Promise<UserDto> {
  const [user] = await db.update(users).set({ name: input.name }).where(eq(users.id, userId)).returning(userColumns);
  if (!user) throw new DomainError('UNAUTHORIZED', 'Your account no longer exists. Sign in again.');
  return user;
}

/** Changes the password and ends the user's other sessions (`keepSessionId` is the one asking). */
export async function changePassword(
  db: Database,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  keepSessionId: string | null = null,
): Promise<void> {
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!user) throw new DomainError('UNAUTHORIZED', 'Your account no longer exists. Sign in again.');
  if (!user.passwordHash || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new DomainError('BAD_INPUT', 'Your current password is not correct.');
  }
  if (input.currentPassword === input.newPassword) {
    throw new DomainError('BAD_INPUT', 'The new password must differ from the current one.');
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(and(eq(users.id, userId)));
    await revokeOtherSessions(tx, userId, keepSessionId);
  });
}

/** OAuth (GitHub): links by GitHub id first, then by verified email, else creates the account. */
export async function findOrCreateGithubUser(
  db: Database,
  profile: { githubId: string; email: string; name: string },
): Promise<UserDto> {
  const [byGithub] = await db.select(userColumns).from(users).where(eq(users.githubId, profile.githubId));
  if (byGithub) return byGithub;
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${FIRST_ACCOUNT_LOCK})`);
    const [byEmail] = await tx.update(users).set({ githubId: profile.githubId }).where(eq(users.email, profile.email)).returning(userColumns);
    if (byEmail) return byEmail;
    const [anyAdmin] = await tx.select({ id: users.id }).from(users).where(eq(users.isInstanceAdmin, true)).limit(1);
    const [created] = await tx
      .insert(users)
      .values({ email: profile.email, name: profile.name, githubId: profile.githubId, isInstanceAdmin: !anyAdmin })
      .returning(userColumns);
    return created!;
  });
}

/** True until the first account exists: that account becomes the instance's administrator. */
export async function isFreshInstance(db: Database): Promise<boolean> {
  const [anyone] = await db.select({ id: users.id }).from(users).limit(1);
  return anyone === undefined;
}
