import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Stored lower-cased and trimmed; uniqueness is on this form. */
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  /** Null for accounts that only sign in through OAuth. */
  passwordHash: text('password_hash'),
  isInstanceAdmin: boolean('is_instance_admin').notNull().default(false),
  githubId: text('github_id').unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Failed sign-ins per email, used to slow down password guessing. Kept in the database
 * (not in memory) so every web replica sees the same count.
 */
export const signInThrottle = pgTable(
  'sign_in_throttle',
  {
    email: text('email').primaryKey(),
    failures: integer('failures').notNull().default(0),
    windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
  },
  (t) => [index('sign_in_throttle_locked_idx').on(t.lockedUntil)],
);

/**
 * One row per signed-in browser. The session cookie (a next-auth JWT) carries the row's id and
 * is honoured only while the row exists unrevoked: signing out, changing the password or
 * deleting the account ends sessions at once instead of when their JWT expires.
 */
export const authSessions = pgTable(
  'auth_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId)],
);
