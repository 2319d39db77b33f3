import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import type { DatabaseHandle } from '@/db/client';
import type { ProcedureMeta } from '@/server/api/trpc';
import { appRouter, callerFor, makeUser, openTestDatabase, uniqueSuffix } from '../support/test-database';

/**
 * Walks EVERY procedure of the app router, enumerated from the router itself, so a
 * procedure added later is covered without touching this file.
 */
interface ProcedureInfo {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  meta: ProcedureMeta;
  declaresOutput: boolean;
}

const procedures: ProcedureInfo[] = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: ProcedureInfo['type']; meta?: ProcedureMeta; output?: unknown } }>,
).map(([path, procedure]) => {
  const meta = procedure._def.meta;
  if (!meta) throw new Error(`${path} declares no access meta: build it from publicProcedure, userProcedure or teamProcedure`);
  return { path, type: procedure._def.type, meta, declaresOutput: procedure._def.output !== undefined };
});

/** Public procedures are few and deliberate; adding one must be a conscious edit here. */
const EXPECTED_PUBLIC = ['account.signUp', 'invite.preview'];
/** Team mutations a viewer may still make, because they only concern the viewer. */
const VIEWER_SELF_SERVICE = ['team.leave'];

async function call(handle: DatabaseHandle, userId: string | null, info: ProcedureInfo, input: unknown): Promise<unknown> {
  const caller = callerFor(handle, userId) as unknown as Record<string, unknown>;
  let target: unknown = caller;
  for (const part of info.path.split('.')) target = (target as Record<string, unknown>)[part];
  const result = await (target as (input: unknown) => Promise<unknown>)(input);
  if (info.type === 'subscription' && result && typeof (result as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    // A subscription's checks run when it is first iterated.
    const iterator = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.return?.();
  }
  return result;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return error instanceof TRPCError ? error.code : `THREW ${String(error)}`;
  }
}

describe('authorization across the whole app router', () => {
  let handle: DatabaseHandle;
  let teamId: string;
  let outsiderId: string;
  let viewerId: string;

  beforeAll(async () => {
    handle = await openTestDatabase();
    const owner = await makeUser(handle, 'Owner');
    const outsider = await makeUser(handle, 'Outsider');
    const viewer = await makeUser(handle, 'Viewer');
    outsiderId = outsider.id;
    viewerId = viewer.id;
    const team = await callerFor(handle, owner.id).team.create({ name: 'Walked', slug: `walked-${uniqueSuffix()}` });
    teamId = team.id;
    // The outsider is a member of another team: membership somewhere must not leak here.
    await callerFor(handle, outsider.id).team.create({ name: 'Elsewhere', slug: `elsewhere-${uniqueSuffix()}` });
    const { token } = await callerFor(handle, owner.id).invite.create({ teamId, role: 'viewer', expiresInDays: 7 });
    await callerFor(handle, viewer.id).invite.accept({ token });
  });

  afterAll(async () => {
    await handle.close();
  });

  it('finds the procedures and every one declares its access', () => {
    expect(procedures.length).toBeGreaterThan(10);
    for (const p of procedures) expect(['public', 'user', 'team']).toContain(p.meta.access);
    expect(procedures.filter((p) => p.meta.access === 'public').map((p) => p.path).sort()).toEqual([...EXPECTED_PUBLIC].sort());
  });

  it('every procedure declares the shape it returns (server/api/outputs)', () => {
    expect(procedures.filter((p) => !p.declaresOutput).map((p) => p.path)).toEqual([]);
  });

  it('signed-out callers get UNAUTHORIZED on everything but public procedures', async () => {
    const failures: string[] = [];
    for (const p of procedures.filter((p) => p.meta.access !== 'public')) {
      const code = await codeOf(call(handle, null, p, { teamId }));
      if (code !== 'UNAUTHORIZED') failures.push(`${p.path}: ${code}`);
    }
    expect(failures).toEqual([]);
  });

  it("a member of another team gets FORBIDDEN or NOT_FOUND on every team procedure", async () => {
    const failures: string[] = [];
    for (const p of procedures.filter((p) => p.meta.access === 'team')) {
      const code = await codeOf(call(handle, outsiderId, p, { teamId }));
      if (code !== 'FORBIDDEN' && code !== 'NOT_FOUND') failures.push(`${p.path}: ${code}`);
    }
    expect(failures).toEqual([]);
  });

  it('a viewer gets FORBIDDEN on every team mutation except leaving', async () => {
    const mutations = procedures.filter((p) => p.meta.access === 'team' && p.type === 'mutation');
    expect(mutations.length).toBeGreaterThan(5);
    const failures: string[] = [];
    for (const p of mutations.filter((p) => !VIEWER_SELF_SERVICE.includes(p.path))) {
      const code = await codeOf(call(handle, viewerId, p, { teamId }));
      if (code !== 'FORBIDDEN') failures.push(`${p.path}: ${code}`);
    }
    expect(failures).toEqual([]);
    for (const path of VIEWER_SELF_SERVICE) expect(mutations.map((p) => p.path)).toContain(path);
  });

  it('a viewer can read the team', async () => {
    const members = await callerFor(handle, viewerId).member.list({ teamId });
    expect(members.map((m) => m.role).sort()).toEqual(['owner', 'viewer']);
  });
});
