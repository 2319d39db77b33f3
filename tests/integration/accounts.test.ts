import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { users } from '@/db/schema';
import { FREE_FAILURES, verifyCredentials } from '@/server/domain/accounts/sign-in';
import { DomainError } from '@/server/shared/errors';
import { expectTrpcError } from '../support/expect-error';
import { callerFor, makeUser, openTestDatabase, uniqueSuffix } from '../support/test-database';

describe('accounts', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => {
    await handle.close();
  });

  const anonymous = () => callerFor(handle, null);
  const email = () => `person-${uniqueSuffix()}@example.com`;

  it('signs up with a normalized email and a slow hash, and never returns the hash', async () => {
    const address = email();
    const created = await anonymous().account.signUp({ email: `  ${address.toUpperCase()} `, name: 'Grace', password: 'a long enough password' });
    expect(created).toEqual({ id: expect.any(String), email: address, name: 'Grace' });
    const [row] = await handle.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, created.id));
    expect(row?.hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    const me = await callerFor(handle, created.id).account.me();
    expect(Object.keys(me).sort()).toEqual(['email', 'id', 'isInstanceAdmin', 'name']);
  });

  it('makes exactly one instance admin', async () => {
    await makeUser(handle, 'Someone');
    const admins = await handle.db.select({ id: users.id }).from(users).where(eq(users.isInstanceAdmin, true));
    expect(admins).toHaveLength(1);
  });

  it('refuses a duplicate email, naming it, and changes nothing', async () => {
    const address = email();
    await anonymous().account.signUp({ email: address, name: 'First', password: 'a long enough password' });
    await expectTrpcError(anonymous().account.signUp({ email: address, name: 'Second', password: 'another long password' }), 'CONFLICT', new RegExp(`${address}.*already exists`));
    const rows = await handle.db.select({ name: users.name }).from(users).where(eq(users.email, address));
    expect(rows).toEqual([{ name: 'First' }]);
  });

  it('refuses malformed emails and short passwords with field-specific messages', async () => {
    await expectTrpcError(anonymous().account.signUp({ email: 'not-an-email', name: 'X', password: 'a long enough password' }), 'BAD_REQUEST', /^email: Enter a valid email address/);
    await expectTrpcError(anonymous().account.signUp({ email: email(), name: 'X', password: 'short' }), 'BAD_REQUEST', /^password: Use at least 10 characters/);
    await expectTrpcError(anonymous().account.signUp({ email: email(), name: '  ', password: 'a long enough password' }), 'BAD_REQUEST', /^name: Enter your name/);
  });

  it('rejects a wrong password with one message for unknown and known emails alike', async () => {
    const user = await makeUser(handle, 'Known');
    const wrong = verifyCredentials(handle.db, { email: user.email, password: 'not the password' });
    await expect(wrong).rejects.toThrow('That email and password do not match an account.');
    const unknown = verifyCredentials(handle.db, { email: email(), password: 'whatever it is' });
    await expect(unknown).rejects.toThrow('That email and password do not match an account.');
    await expect(verifyCredentials(handle.db, { email: user.email.toUpperCase(), password: user.password })).resolves.toMatchObject({ id: user.id });
  });

  it('slows down repeated failed sign-ins, then lets the right password in after the wait', async () => {
    const user = await makeUser(handle, 'Target');
    const start = new Date('2026-01-01T00:00:00Z');
    for (let i = 0; i < FREE_FAILURES; i++) {
      await expect(verifyCredentials(handle.db, { email: user.email, password: `guess ${i}` }, start)).rejects.toThrow(/do not match/);
    }
    let locked: unknown;
    try {
      await verifyCredentials(handle.db, { email: user.email, password: user.password }, new Date(start.getTime() + 5_000));
    } catch (error) {
      locked = error;
    }
    expect(locked).toBeInstanceOf(DomainError);
    expect((locked as DomainError).code).toBe('TOO_MANY_REQUESTS');
    expect((locked as DomainError).userMessage).toMatch(/Too many failed sign-ins .* Try again in 25 seconds/);
    await expect(verifyCredentials(handle.db, { email: user.email, password: user.password }, new Date(start.getTime() + 31_000))).resolves.toMatchObject({ id: user.id });
  });

  it('changes a password only with the current one', async () => {
    const user = await makeUser(handle, 'Changer');
    const me = callerFor(handle, user.id);
    await expectTrpcError(me.account.changePassword({ currentPassword: 'wrong password', newPassword: 'a brand new password' }), 'BAD_REQUEST', /current password is not correct/);
    await expectTrpcError(me.account.changePassword({ currentPassword: user.password, newPassword: 'short' }), 'BAD_REQUEST', /^newPassword: Use at least 10/);
    await me.account.changePassword({ currentPassword: user.password, newPassword: 'a brand new password' });
    await expect(verifyCredentials(handle.db, { email: user.email, password: 'a brand new password' })).resolves.toMatchObject({ id: user.id });
    await expect(verifyCredentials(handle.db, { email: user.email, password: user.password })).rejects.toThrow(/do not match/);
  });
});
