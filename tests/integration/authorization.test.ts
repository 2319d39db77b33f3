import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import type { DatabaseHandle } from '@/db/client';
import type { ProcedureMeta } from '@/server/api/trpc';
import { appRouter, callerFor, makeUser, openTestDatabase, servicesFor, uniqueSuffix } from '../support/test-database';
import { handleApiV1 } from '@/server/api/http-v1/handler';
import { TokenRateLimiter } from '@/server/api/http-v1/rate-limit';
import { API_ROUTES, type ApiRoute } from '@/server/api/http-v1/routes';

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
  let ownerId: string;

  beforeAll(async () => {
    handle = await openTestDatabase();
    const owner = await makeUser(handle, 'Owner');
    const outsider = await makeUser(handle, 'Outsider');
    const viewer = await makeUser(handle, 'Viewer');
    outsiderId = outsider.id;
    ownerId = owner.id;
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

  describe('every HTTP API route, with a token of each role and of another team', () => {
    const FAKE_ID = '00000000-0000-4000-8000-000000000000';
    async function status(route: ApiRoute, token: string | null): Promise<number> {
      const path = route.path
        .replace('{teamId}', teamId)
        .replace('{part}', 'train')
        .replace(/\{path\+\}/, 'notes.txt')
        .replace(/\{\w+\}/g, FAKE_ID);
      const json = route.method === 'POST';
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      if (json) headers['content-type'] = 'application/json';
      const body = route.method === 'GET' ? undefined : json ? '{}' : 'bytes';
      const response = await handleApiV1(new Request(`http://holdout.test/api/v1${path}`, { method: route.method, headers, body }), servicesFor(handle), { rateLimiter: new TokenRateLimiter(1e6, 1e6) });
      return response.status;
    }
    let tokens: Record<'owner' | 'viewer' | 'outsider', string>;

    beforeAll(async () => {
      const outsiderTeam = (await callerFor(handle, outsiderId).team.list())[0]!;
      tokens = {
        owner: (await callerFor(handle, ownerId).apiToken.create({ teamId, name: 'owner', role: 'owner' })).secret,
        viewer: (await callerFor(handle, viewerId).apiToken.create({ teamId, name: 'viewer', role: 'viewer' })).secret,
        outsider: (await callerFor(handle, outsiderId).apiToken.create({ teamId: outsiderTeam.id, name: 'elsewhere', role: 'owner' })).secret,
      };
    });

    it('without a token: 401 on every route', async () => {
      const failures: string[] = [];
      for (const route of API_ROUTES) if ((await status(route, null)) !== 401) failures.push(`${route.method} ${route.path}`);
      expect(failures).toEqual([]);
    });

    it("another team's token: 404 on every route of this team, never an answer", async () => {
      const failures: string[] = [];
      for (const route of API_ROUTES.filter((r) => r.path.includes('{teamId}'))) {
        const code = await status(route, tokens.outsider);
        if (code !== 404) failures.push(`${route.method} ${route.path}: ${code}`);
      }
      expect(failures).toEqual([]);
    });

    it("a viewer's token: 403 on every route that changes something; reads are not refused for the role", async () => {
      const failures: string[] = [];
      for (const route of API_ROUTES.filter((r) => r.path.includes('{teamId}'))) {
        const code = await status(route, tokens.viewer);
        const changes = route.method !== 'GET';
        if (changes ? code !== 403 : code === 403 || code >= 500) failures.push(`${route.method} ${route.path}: ${code}`);
      }
      expect(failures).toEqual([]);
    });

    it("an owner's token passes the role checks everywhere (what remains is input and existence)", async () => {
      const failures: string[] = [];
      for (const route of API_ROUTES) {
        const code = await status(route, tokens.owner);
        if (code === 401 || code === 403 || code >= 500) failures.push(`${route.method} ${route.path}: ${code}`);
      }
      expect(failures).toEqual([]);
    });
  });

  it('a viewer can read the team', async () => {
    const members = await callerFor(handle, viewerId).member.list({ teamId });
    expect(members.map((m) => m.role).sort()).toEqual(['owner', 'viewer']);
  });
});
