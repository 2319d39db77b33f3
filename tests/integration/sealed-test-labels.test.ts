import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import superjson from 'superjson';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { splits } from '@/db/schema';
import type { ProcedureMeta } from '@/server/api/trpc';
import { decodeManifest } from '@/server/shared/splits/manifest';
import { registerCsv } from '../support/datasets';
import type { WorkerRuntime } from '@/workers/handler/worker-runtime';
import { followRun, startTestWorker } from '../support/training';
import { handleApiV1 } from '@/server/api/http-v1/handler';
import { handleMlflow } from '@/server/api/mlflow/handler';
import { TokenRateLimiter } from '@/server/api/http-v1/rate-limit';
import { API_ROUTES } from '@/server/api/http-v1/routes';
import { appRouter, callerFor, makeUser, openTestDatabase, servicesFor, uniqueSuffix, testBlobs } from '../support/test-database';

/**
 * The test split's labels are sealed: no response of any query or stream, to any role, and no
 * error message contains one. Every test row's label here is a unique marker string. A member
 * then tries to move those rows into dev with second splits of the same version (the seal
 * belongs to the version), trains runs on what was allowed, and every query procedure of the app
 * router (enumerated, so new ones are crawled too) is called as every role with the inputs of
 * both splits; every stream is read; each answer and refusal is searched for every marker.
 */
type ProcedureDef = { _def: { type: 'query' | 'mutation' | 'subscription'; meta?: ProcedureMeta } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>);
const queries = procedures.filter(([, p]) => p._def.type === 'query').map(([path]) => path);
const subscriptions = procedures.filter(([, p]) => p._def.type === 'subscription').map(([path]) => path);

/** Queries that need an input this scenario has no value for; each says why. */
/** The split form's preview takes a split definition where the sweep form's takes a sweep's: one bag holds both. */
const SPLIT_PREVIEW_DEFINITION = { strategy: 'random', fractions: { train: 0.6, dev: 0.2, test: 0.2 }, seed: 8 };
function inputFor(path: string, inputs: Record<string, unknown>): Record<string, unknown> {
  return path === 'split.preview' ? { ...inputs, definition: SPLIT_PREVIEW_DEFINITION } : inputs;
}

const NOT_APPLICABLE: Record<string, string> = {
  'invite.preview': 'needs an invite token; returns only team name, role and inviter',
  'dataset.draft': 'drafts exist only before registration, when no split exists yet',
};

type AnyCaller = Record<string, Record<string, (input: unknown) => Promise<unknown>>>;

describe('sealed test labels', () => {
  let handle: DatabaseHandle;
  const markers = Array.from({ length: 12 }, () => `SEALED-${crypto.randomBytes(6).toString('hex')}`);
  const callers: Record<string, string> = {};
  let bags: Record<string, unknown>[];
  let worker: WorkerRuntime | undefined;
  /** Every refusal the attempts got, to be searched for markers too. */
  const refusals: string[] = [];
  let teamId: string;
  let versionId: string;
  let firstSplitId: string;
  let secondSplitId: string;
  const tokens: Record<string, string> = {};
  let externalRunId: string;
  let refusalCountBeforeSplits = 0;

  /** One HTTP API call with a token; the body as text (an Arrow file's bytes as latin1, so ASCII markers still show). */
  async function api(token: string, method: string, path: string, json?: unknown): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (json !== undefined) headers['content-type'] = 'application/json';
    const response = await handleApiV1(new Request(`http://holdout.test/api/v1${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) }), servicesFor(handle), {
      rateLimiter: new TokenRateLimiter(1e6, 1e6),
    });
    return { status: response.status, text: Buffer.from(await response.arrayBuffer()).toString('latin1') };
  }

  const leaksIn = (text: string) => markers.filter((m) => text.includes(m));
  const as = (role: string) => callerFor(handle, callers[role]!);
  async function refusal(promise: Promise<unknown>): Promise<string> {
    try {
      await promise;
    } catch (error) {
      refusals.push((error as Error).message);
      return (error as Error).message;
    }
    throw new Error('expected a refusal');
  }

  beforeAll(async () => {
    handle = await openTestDatabase();
    const owner = await makeUser(handle, 'Owner');
    const slug = `sealed-${uniqueSuffix()}`;
    const team = await callerFor(handle, owner.id).team.create({ name: 'Sealed', slug });
    teamId = team.id;
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
    const registered = await registerCsv(handle, team.id, owner.id, rows.join('\n') + '\n', { name: 'Markers', target: 'label' });
    versionId = registered.versionId;
    const first = await callerFor(handle, owner.id).split.freeze({
      teamId: team.id,
      datasetVersionId: versionId,
      name: 'explicit',
      definition: { strategy: 'explicit', column: 'part', mapping: { train: 'train', dev: 'dev', test: 'test' } },
      humanLevelError: 0.05,
    });
    firstSplitId = first.id;

    // The attacks, as a member: put the sealed rows into dev or decide parts by the labels.
    const member = as('member');
    const freeze = (name: string, definition: Record<string, unknown>) => member.split.freeze({ teamId, datasetVersionId: versionId, name, definition, humanLevelError: null });
    await refusal(freeze('to dev', { strategy: 'explicit', column: 'part', mapping: { train: 'train', dev: 'train', test: 'dev' } }));
    await refusal(freeze('by label', { strategy: 'explicit', column: 'label', mapping: {} }));
    await refusal(freeze('grouped by label', { strategy: 'grouped', column: 'label', fractions: { train: 0.6, dev: 0.2, test: 0.2 }, seed: 1 }));
    // Allowed, but only over the rows outside the seal: the markers stay in test.
    const second = await freeze('reshuffled', { strategy: 'random', fractions: { train: 0.5, dev: 0.3, test: 0.2 }, seed: 7 });
    secondSplitId = second.id;

    worker = await startTestWorker(handle);
    const { config } = await member.run.defaults({ teamId, splitId: second.id });
    const runIds: string[] = [];
    for (const seed of [1, 2]) {
      const run = await member.run.launch({ teamId, splitId: second.id, config: { ...config, epochs: 3, seed } });
      await followRun(member, teamId, run.id);
      runIds.push(run.id);
    }
    const { config: firstConfig } = await member.run.defaults({ teamId, splitId: first.id });
    const firstRun = await member.run.launch({ teamId, splitId: first.id, config: { ...firstConfig, epochs: 5 } });
    await followRun(member, teamId, firstRun.id);
    // A finished sweep on the second split, so the sweep pages are searched for markers too.
    const definition = {
      goal: 'devAccuracy' as const,
      strategy: 'random' as const,
      space: { learningRate: { kind: 'logUniform' as const, low: 1e-3, high: 1e-1 } },
      earlyStop: { kind: 'off' as const },
      replicates: 1,
      budget: { maxTrials: 2, maxEpochs: null, concurrency: 1 },
      seed: 1,
      warmStart: false,
    };
    const sweep = await member.sweep.create({ teamId, splitId: second.id, name: 'sealed sweep', baseConfig: { ...config, epochs: 3 }, definition });
    for (let s = await member.sweep.get({ teamId, sweepId: sweep.id }); s.status !== 'completed'; s = await member.sweep.get({ teamId, sweepId: sweep.id })) {
      await new Promise((r) => setTimeout(r, 200));
    }
    // An external run on the second split, through the HTTP API: downloads, dev predictions, a test evaluation.
    for (const role of Object.keys(callers)) {
      tokens[role] = (await callerFor(handle, callers[role]!).apiToken.create({ teamId, name: role, role: role as 'owner' })).secret;
    }
    const created = await api(tokens.member!, 'POST', `/teams/${teamId}/runs`, { splitId: second.id, name: 'from a script' });
    externalRunId = (JSON.parse(created.text) as { id: string }).id;
    const devCsv = (await api(tokens.member!, 'GET', `/teams/${teamId}/splits/${second.id}/data/dev`)).text.trim().split('\n').slice(1);
    await api(tokens.member!, 'POST', `/teams/${teamId}/runs/${externalRunId}/dev-predictions`, { predictions: devCsv.map((line) => line.split(',').at(-1)) });
    await api(tokens.member!, 'POST', `/teams/${teamId}/runs/${externalRunId}/status`, { status: 'succeeded' });
    const testCsv = (await api(tokens.member!, 'GET', `/teams/${teamId}/splits/${second.id}/data/test`)).text.trim().split('\n').slice(1);
    const evaluation = await api(tokens.member!, 'POST', `/teams/${teamId}/runs/${externalRunId}/test-evaluations`, { predictions: testCsv.map((_, i) => (i % 2 ? 'alpha' : 'beta')) });
    expect(evaluation.status).toBe(200);
    const wrongClass = await api(tokens.member!, 'POST', `/teams/${teamId}/runs/${externalRunId}/test-evaluations`, { predictions: testCsv.map(() => 'gamma') });
    refusals.push((JSON.parse(wrongClass.text) as { error: { message: string } }).error.message);
    refusalCountBeforeSplits = refusals.length;

    const common = { teamId: team.id, slug, datasetId: registered.datasetId, versionId, datasetVersionId: versionId, limit: 200, sweepId: sweep.id, definition };
    bags = [
      { ...common, splitId: first.id, runId: firstRun.id, runIds: [firstRun.id, ...runIds], runAId: firstRun.id, runBId: firstRun.id },
      { ...common, splitId: second.id, runId: runIds[0], runIds, runAId: runIds[0], runBId: runIds[1] },
      { ...common, splitId: second.id, runId: externalRunId, runIds: [externalRunId, ...runIds], runAId: externalRunId, runBId: runIds[1] },
    ];
  });

  afterAll(async () => {
    await worker?.stop();
    await (await servicesFor(handle).boss()).stop({ graceful: false }).catch(() => undefined);
    await handle.close();
  });

  it('finds every query and stream procedure', () => {
    expect(queries).toContain('split.get');
    expect(queries).toContain('dataset.version');
    expect(subscriptions.sort()).toEqual(['activity.live', 'run.teamChanges', 'run.watch']);
  });

  it('keeps the sealed rows in test in every later split of the version', async () => {
    const rowsOf = async (splitId: string) => {
      const [split] = await handle.db.select({ key: splits.manifestBlobKey, sealedSetId: splits.sealedSetId }).from(splits).where(eq(splits.id, splitId));
      const { assignment } = decodeManifest(await testBlobs.getBuffer(split!.key));
      return { sealedSetId: split!.sealedSetId, test: [...assignment.keys()].filter((i) => assignment[i] === 2) };
    };
    const first = await rowsOf(firstSplitId);
    const second = await rowsOf(secondSplitId);
    expect(first.test).toEqual(Array.from({ length: 12 }, (_, i) => 50 + i));
    expect(second.test).toEqual(first.test);
    expect(second.sealedSetId).toBe(first.sealedSetId);
    const split = await as('viewer').split.get({ teamId, splitId: secondSplitId });
    expect([split.trainCount, split.devCount, split.testCount]).toEqual([31, 19, 12]);
  });

  it('refuses splits that would move sealed rows or be decided by the labels, naming no label', () => {
    expect(refusals).toHaveLength(4);
    expect(refusals[3]).toMatch(/"gamma" is not one of the classes this run was scored on/);
    expect(refusalCountBeforeSplits).toBe(4);
    expect(refusals[0]).toMatch(/sealed test set|test rows are fixed/);
    expect(refusals[1]).toMatch(/The target "label" can't decide the parts/);
    expect(refusals[2]).toMatch(/The target "label" can't decide the parts/);
    for (const message of refusals) expect(leaksIn(message)).toEqual([]);
  });

  it('no query response, to any role, with either split, contains a test label', async () => {
    const answered = new Set<string>();
    const leaks: string[] = [];
    for (const [role, userId] of Object.entries(callers)) {
      const caller = callerFor(handle, userId) as unknown as AnyCaller;
      for (const [b, inputs] of bags.entries()) {
        for (const path of queries) {
          if (path in NOT_APPLICABLE) continue;
          const [router, procedure] = path.split('.') as [string, string];
          let text: string;
          try {
            text = JSON.stringify(superjson.serialize(await caller[router]![procedure]!(inputFor(path, inputs))));
            answered.add(`${role}:${path}:${b}`);
          } catch (error) {
            text = (error as Error).message; // A refusal must not leak either.
          }
          for (const marker of leaksIn(text)) leaks.push(`${role} ${path} (split ${b + 1}) contains ${marker}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    // Not vacuous: the owner got an answer from every applicable query, the viewer from every readable one.
    const unanswered = queries.filter((p) => !(p in NOT_APPLICABLE) && !answered.has(`owner:${p}:1`));
    expect(unanswered).toEqual([]);
    for (const path of ['dataset.version', 'dataset.get', 'dataset.list', 'split.get', 'split.list', 'run.get', 'run.list', 'run.epochs', 'run.disagreements']) {
      expect(answered.has(`viewer:${path}:1`)).toBe(true);
    }
    // Disagreements of runs on the second split: its dev rows, never a sealed row (data rows 51–62).
    const disagreements = await as('viewer').run.disagreements(bags[1] as never);
    expect(disagreements.devRows).toBe(19);
    for (const item of disagreements.items) expect(item.row).toBeLessThanOrEqual(50);
  });

  it('no HTTP API answer, to any role, with any split, part or format, contains a test label', async () => {
    const leaks: string[] = [];
    const ok = new Set<string>();
    const reads = API_ROUTES.filter((r) => r.method === 'GET');
    for (const [role, token] of Object.entries(tokens)) {
      for (const [b, inputs] of bags.entries()) {
        for (const route of reads) {
          const paths = route.path.includes('{part}')
            ? ['train', 'dev', 'test'].flatMap((part) => ['csv', 'arrow'].map((format) => `${route.path.replace('{part}', part)}?format=${format}`))
            : [route.path];
          for (const template of paths) {
            const path = template
              .replace('{teamId}', String(inputs.teamId))
              .replace('{splitId}', String(inputs.splitId))
              .replace('{runId}', String(inputs.runId))
              .replace('{path+}', 'missing.txt');
            const { status, text } = await api(token, 'GET', path);
            if (status === 200) ok.add(`${role}:${template}`);
            for (const marker of leaksIn(text)) leaks.push(`${role} GET ${path} (bag ${b + 1}) contains ${marker}`);
          }
        }
      }
    }
    // The MLflow tracking API reads too: experiments (splits), runs, their history and artifacts.
    for (const [role, token] of Object.entries(tokens)) {
      for (const [b, inputs] of bags.entries()) {
        const split = await as('owner').split.get({ teamId, splitId: String(inputs.splitId) });
        const reads = [
          `experiments/get-by-name?experiment_name=${encodeURIComponent(split.name)}`,
          `experiments/get?experiment_id=${inputs.splitId}`,
          `runs/get?run_id=${inputs.runId}`,
          `metrics/get-history?run_id=${inputs.runId}&metric_key=loss`,
        ];
        for (const endpoint of reads) {
          const response = await handleMlflow(new Request(`http://holdout.test/api/2.0/mlflow/${endpoint}`, { headers: { authorization: `Bearer ${token}` } }), servicesFor(handle));
          const text = await response.text();
          if (response.status === 200) ok.add(`${role}:mlflow:${endpoint.split('?')[0]}`);
          for (const marker of leaksIn(text)) leaks.push(`${role} MLflow ${endpoint} (bag ${b + 1}) contains ${marker}`);
        }
        const search = await handleMlflow(
          new Request('http://holdout.test/api/2.0/mlflow/runs/search', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ experiment_ids: [inputs.splitId] }) }),
          servicesFor(handle),
        );
        for (const marker of leaksIn(await search.text())) leaks.push(`${role} MLflow runs/search (bag ${b + 1}) contains ${marker}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(ok.has('viewer:mlflow:runs/get')).toBe(true);
    // Not vacuous: the viewer read every split part in both formats, the test part included.
    expect(ok.has('viewer:/teams/{teamId}/splits/{splitId}/data/test?format=arrow')).toBe(true);
    expect(ok.has('viewer:/teams/{teamId}/splits/{splitId}/data/dev?format=csv')).toBe(true);
    expect(ok.has('viewer:/teams/{teamId}/runs/{runId}/metrics')).toBe(true);
  });

  it('no stream message, to any role, contains a test label', async () => {
    const leaks: string[] = [];
    let messages = 0;
    for (const [role, userId] of Object.entries(callers)) {
      const caller = callerFor(handle, userId) as unknown as AnyCaller;
      for (const inputs of bags) {
        for (const path of subscriptions) {
          const [router, procedure] = path.split('.') as [string, string];
          const controller = new AbortController();
          const subscribe = caller[router]![procedure]! as unknown as (input: unknown, options: { signal: AbortSignal }) => Promise<AsyncIterable<unknown>>;
          const iterable = await subscribe({ ...inputs, lastEventId: path === 'activity.live' ? '0' : null }, { signal: controller.signal });
          const iterator = iterable[Symbol.asyncIterator]();
          // A stream delivers what exists at once (watch: the run; live: the feed from id 0); the
          // team's changes stream delivers nothing while nothing happens, so it gets a short wait.
          for (;;) {
            const next = await Promise.race([iterator.next(), new Promise<'quiet'>((r) => setTimeout(() => r('quiet'), 300))]);
            if (next === 'quiet' || next.done) break;
            messages++;
            for (const marker of leaksIn(JSON.stringify(superjson.serialize(next.value)))) leaks.push(`${role} ${path} contains ${marker}`);
          }
          controller.abort();
          void iterator.return?.(undefined);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(messages).toBeGreaterThan(10);
  });

  it('describes the target over unsealed rows only, and test parts by their size only', async () => {
    const version = await as('viewer').dataset.version({ teamId, versionId });
    const target = version.schema.columns.find((c) => c.name === 'label')!;
    expect(target.stats).toEqual({ kind: 'categorical', topValues: [{ value: 'beta', count: 25 }, { value: 'alpha', count: 25 }] });
    expect(target.distinctCount).toBe(2);
    expect(target.statsNote).toBe('Over the 50 rows outside the sealed test set.');
    expect(version.seal).toMatchObject({ testCount: 12, sealedBySplitName: 'explicit' });
    for (const splitId of [firstSplitId, secondSplitId]) {
      const split = await as('viewer').split.get({ teamId, splitId });
      const test = split.guidance.parts.find((p) => p.part === 'test')!;
      expect(test).toEqual({ part: 'test', rows: 12, share: 12 / 62 });
      expect(split.guidance.devVsTest.checks.map((c) => c.role)).not.toContain('label');
      expect(split.guidance.devVsTest.skipped[0]).toEqual({ feature: 'label', reason: 'test labels are sealed: dev and test are compared on features only' });
      const dev = split.guidance.parts.find((p) => p.part === 'dev')!;
      expect(dev.labels!.map((l) => l.label).sort()).toEqual(['alpha', 'beta']);
    }
  });
});
