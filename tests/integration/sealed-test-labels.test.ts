import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import superjson from 'superjson';
import type { DatabaseHandle } from '@/db/client';
import type { ProcedureMeta } from '@/server/api/trpc';
import { registerCsv } from '../support/datasets';
import type { WorkerRuntime } from '@/workers/handler/worker-runtime';
import { followRun, startTestWorker } from '../support/training';
import { appRouter, callerFor, makeUser, openTestDatabase, servicesFor, uniqueSuffix } from '../support/test-database';

/**
 * The test split's labels are sealed: no response of any query, to any role, contains one.
 * Every test row's label here is a unique marker string; every query procedure of the app
 * router (enumerated, so new ones are crawled too) is called as every role and each response
 * is searched for every marker.
 */
type ProcedureDef = { _def: { type: 'query' | 'mutation' | 'subscription'; meta?: ProcedureMeta } };
const queries = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>)
  .filter(([, p]) => p._def.type === 'query')
  .map(([path]) => path);

/** Queries that need an input this scenario has no value for; each says why. */
const NOT_APPLICABLE: Record<string, string> = {
  'invite.preview': 'needs an invite token; returns only team name, role and inviter',
  'dataset.draft': 'drafts exist only before registration, when no split exists yet',
};

describe('sealed test labels', () => {
  let handle: DatabaseHandle;
  const markers = Array.from({ length: 12 }, () => `SEALED-${crypto.randomBytes(6).toString('hex')}`);
  const callers: Record<string, string> = {};
  let inputs: Record<string, unknown>;
  let worker: WorkerRuntime | undefined;

  beforeAll(async () => {
    handle = await openTestDatabase();
    const owner = await makeUser(handle, 'Owner');
    const slug = `sealed-${uniqueSuffix()}`;
    const team = await callerFor(handle, owner.id).team.create({ name: 'Sealed', slug });
    callers.owner = owner.id;
    for (const role of ['admin', 'member', 'viewer'] as const) {
      const user = await makeUser(handle, role);
      const { token } = await callerFor(handle, owner.id).invite.create({ teamId: team.id, role, expiresInDays: 1 });
      await callerFor(handle, user.id).invite.accept({ token });
      callers[role] = user.id;
    }
    const rows = ['x1,x2,part,label'];
    for (let i = 0; i < 40; i++) rows.push(`${i},${(i * 7) % 11},train,${i % 2 ? 'alpha' : 'beta'}`);
    for (let i = 0; i < 10; i++) rows.push(`${i + 0.5},${i % 3},dev,${i % 2 ? 'alpha' : 'beta'}`);
    for (const [i, marker] of markers.entries()) rows.push(`${i + 0.25},${i % 5},test,${marker}`);
    const { datasetId, versionId } = await registerCsv(handle, team.id, owner.id, rows.join('\n') + '\n', { name: 'Markers', target: 'label' });
    const split = await callerFor(handle, owner.id).split.freeze({
      teamId: team.id,
      datasetVersionId: versionId,
      name: 'explicit',
      definition: { strategy: 'explicit', column: 'part', mapping: { train: 'train', dev: 'dev', test: 'test' } },
      humanLevelError: 0.05,
    });
    // A trained run too: its classes, confusion matrix and predictions come from train and dev only.
    worker = await startTestWorker(handle);
    const { config } = await callerFor(handle, owner.id).run.defaults({ teamId: team.id, splitId: split.id });
    const run = await callerFor(handle, owner.id).run.launch({ teamId: team.id, splitId: split.id, config: { ...config, epochs: 5 } });
    await followRun(callerFor(handle, owner.id), team.id, run.id);
    inputs = { teamId: team.id, slug, datasetId, versionId, datasetVersionId: versionId, splitId: split.id, runId: run.id, runIds: [run.id], runAId: run.id, runBId: run.id, limit: 200 };
  });

  afterAll(async () => {
    await worker?.stop();
    await (await servicesFor(handle).boss()).stop({ graceful: false }).catch(() => undefined);
    await handle.close();
  });

  it('finds every query procedure and knows an input for each', () => {
    expect(queries).toContain('split.get');
    expect(queries).toContain('dataset.version');
  });

  it('no query response, to any role, contains a test label', async () => {
    const answered = new Set<string>();
    const leaks: string[] = [];
    for (const [role, userId] of Object.entries(callers)) {
      const caller = callerFor(handle, userId) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
      for (const path of queries) {
        if (path in NOT_APPLICABLE) continue;
        const [router, procedure] = path.split('.') as [string, string];
        let result: unknown;
        try {
          result = await caller[router]![procedure]!(inputs);
        } catch {
          continue; // A refusal leaks nothing; coverage is checked below.
        }
        answered.add(`${role}:${path}`);
        const text = JSON.stringify(superjson.serialize(result));
        for (const marker of markers) if (text.includes(marker)) leaks.push(`${role} ${path} contains ${marker}`);
      }
    }
    expect(leaks).toEqual([]);
    // Not vacuous: the owner got an answer from every applicable query, the viewer from every readable one.
    const unanswered = queries.filter((p) => !(p in NOT_APPLICABLE) && !answered.has(`owner:${p}`));
    expect(unanswered).toEqual([]);
    for (const path of ['dataset.version', 'dataset.get', 'dataset.list', 'split.get', 'split.list', 'run.get', 'run.list', 'run.epochs']) expect(answered.has(`viewer:${path}`)).toBe(true);
  });

  it('still shows dev and train labels, and counts unseen test classes only in aggregate', async () => {
    const split = await callerFor(handle, callers.viewer!).split.get(inputs as { teamId: string; splitId: string });
    const test = split.guidance.parts.find((p) => p.part === 'test')!;
    expect(test.labels).toEqual([
      { label: 'alpha', count: 0, share: 0 },
      { label: 'beta', count: 0, share: 0 },
      { label: '(classes that occur only in test)', count: 12, share: 1 },
    ]);
    const dev = split.guidance.parts.find((p) => p.part === 'dev')!;
    expect(dev.labels!.map((l) => l.label).sort()).toEqual(['alpha', 'beta']);
  });
});
