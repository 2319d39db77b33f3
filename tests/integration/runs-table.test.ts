import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { runs, runTags } from '@/db/schema';
import { expectTrpcError } from '../support/expect-error';
import { moonsTeam } from '../support/training';
import { callerFor, makeUser, openTestDatabase, uniqueSuffix } from '../support/test-database';

/**
 * The runs table's server side: every sort walks every run once in order (nulls last), filters
 * narrow exactly, and another team's runs never appear. Runs are inserted directly: training 60
 * of them would test the trainer, not the query.
 */
const RUNS = 61;
const SORTS = ['createdAt', 'number', 'devAccuracy', 'devMacroF1', 'devRmse', 'devMae', 'devR2', 'devLoss', 'trainLoss', 'epochsDone'] as const;
type Sort = (typeof SORTS)[number];

describe('runs table: sort, filter and cursor pagination', () => {
  let handle: DatabaseHandle;
  let team: Awaited<ReturnType<typeof moonsTeam>>;
  let otherSplitId: string;
  let authorB: string;
  let outsider: ReturnType<typeof callerFor>;
  let outsiderTeamId: string;
  const rows: (typeof runs.$inferInsert & { id: string })[] = [];

  beforeAll(async () => {
    handle = await openTestDatabase();
    team = await moonsTeam(handle, 200);
    const { me, teamId, splitId } = team;
    const split = await me.split.get({ teamId, splitId });
    const second = await me.split.freeze({
      teamId,
      datasetVersionId: split.datasetVersionId,
      name: `second ${uniqueSuffix()}`,
      definition: { strategy: 'random', fractions: { train: 0.6, dev: 0.2, test: 0.2 }, seed: 7 },
    });
    otherSplitId = second.id;
    authorB = (await makeUser(handle, 'Author B')).id;
    // One instant shared by several runs, to the microsecond: the createdAt cursor must break ties by id.
    const tied = new Date('2026-01-01T00:00:00.000Z');
    for (let i = 0; i < RUNS; i++) {
      const nullMetrics = i % 7 === 0; // queued/failed runs have no final metrics
      const config = {
        ...team.defaults,
        learningRate: [0.001, 0.01, 0.0003][i % 3]!,
        batchSize: i % 4 === 0 ? 'full' : 32 * (1 + (i % 2)),
        hiddenLayers: Array.from({ length: 1 + (i % 3) }, (_, l) => ({ units: l === 0 && i % 5 === 0 ? 128 : 16, activation: i % 2 ? 'tanh' : 'relu', dropout: 0 })),
        optimizer: i % 2 ? { kind: 'sgd' } : { kind: 'adam', beta1: 0.9, beta2: 0.999 },
      };
      rows.push({
        id: crypto.randomUUID(),
        teamId,
        number: 1000 + i,
        splitId: i % 3 === 2 ? otherSplitId : splitId,
        datasetVersionId: split.datasetVersionId,
        createdBy: i % 2 ? authorB : team.user.id,
        config,
        seed: i,
        pool: 'cpu',
        status: nullMetrics ? (i % 2 ? 'failed' : 'queued') : 'succeeded',
        epochsPlanned: 50,
        epochsDone: nullMetrics ? 0 : 10 + (i % 6),
        datasetHash: 'h',
        splitHash: 'h',
        // Few distinct values, so that ties across pages are common.
        devAccuracy: nullMetrics ? null : 0.5 + (i % 5) * 0.1,
        trainAccuracy: nullMetrics ? null : 0.6 + (i % 5) * 0.08,
        devMacroF1: nullMetrics ? null : 0.4 + (i % 9) * 0.05,
        devRmse: nullMetrics ? null : 1 + (i % 4) / 3,
        devMae: nullMetrics ? null : 0.5 + (i % 6) / 7,
        devR2: nullMetrics ? null : -0.2 + (i % 8) / 10,
        devLoss: nullMetrics ? null : 0.3 + (i % 5) / 11,
        trainLoss: nullMetrics ? null : 0.2 + (i % 4) / 13,
        createdAt: i % 10 < 4 ? tied : new Date(tied.getTime() - i * 60_000),
      });
    }
    await handle.db.insert(runs).values(rows);
    // Microsecond-distinct times inside the same millisecond, which a JS Date cannot carry.
    await handle.db.execute(sql`update runs set created_at = created_at + (number % 3) * interval '1 microsecond' where team_id = ${teamId} and number < 1010`);
    await handle.db.insert(runTags).values(
      rows.filter((_, i) => i % 4 === 1).map((r) => ({ runId: r.id, teamId, tag: 'baseline' })),
    );

    const stranger = await makeUser(handle, 'Stranger');
    outsider = callerFor(handle, stranger.id);
    outsiderTeamId = (await outsider.team.create({ name: 'Elsewhere', slug: `elsewhere-${uniqueSuffix()}` })).id;
  });

  afterAll(async () => {
    await handle?.close();
  });

  async function walk(input: Omit<Parameters<typeof team.me.run.list>[0], 'teamId' | 'cursor'>, limit = 7) {
    const seen: Awaited<ReturnType<typeof team.me.run.list>>['items'] = [];
    let cursor: Parameters<typeof team.me.run.list>[0]['cursor'] = null;
    for (let pages = 0; pages < 100; pages++) {
      const page = await team.me.run.list({ teamId: team.teamId, ...input, cursor, limit });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items);
      if (!page.nextCursor) return seen;
      expect(page.items.length).toBe(limit);
      cursor = page.nextCursor;
    }
    throw new Error('pagination did not end');
  }

  /** Expected order, computed in JS from what was inserted: value, then id; nulls last either way. */
  function expectedOrder(field: Sort, direction: 'asc' | 'desc', subset = rows) {
    const sign = direction === 'asc' ? 1 : -1;
    const valueOf = (r: (typeof rows)[number]) => (field === 'createdAt' ? null : (r[field] as number | null | undefined) ?? null);
    return [...subset]
      .sort((a, b) => {
        if (field === 'createdAt') return 0; // checked against the database's own order below
        const va = valueOf(a);
        const vb = valueOf(b);
        if (va === null || vb === null) return va === vb ? sign * a.id.localeCompare(b.id) : va === null ? 1 : -1;
        return sign * (va - vb) || sign * a.id.localeCompare(b.id);
      })
      .map((r) => r.id);
  }

  for (const field of SORTS) {
    for (const direction of ['desc', 'asc'] as const) {
      it(`walks every run once sorted by ${field} ${direction}, nulls last`, async () => {
        const seen = await walk({ sort: { field, direction } });
        const ids = seen.map((r) => r.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(RUNS);
        if (field === 'createdAt') {
          const exact = await handle.db.execute(
            sql.raw(`select id from runs where team_id = '${team.teamId}' order by created_at ${direction}, id ${direction}`),
          );
          expect(ids).toEqual((exact as unknown as { rows: { id: string }[] }).rows.map((r) => r.id));
        } else {
          expect(ids).toEqual(expectedOrder(field, direction));
        }
        // "Select all matching" gives the same runs in the same order, ids only.
        const matching = await team.me.run.matchingIds({ teamId: team.teamId, sort: { field, direction } });
        expect(matching).toEqual({ ids, total: RUNS });
      });
    }
  }

  it('"select all matching" follows the filters too', async () => {
    const filter = { status: ['succeeded' as const], sort: { field: 'devAccuracy' as const, direction: 'desc' as const } };
    const listed = (await walk(filter)).map((r) => r.id);
    const matching = await team.me.run.matchingIds({ teamId: team.teamId, ...filter });
    expect(matching.ids).toEqual(listed);
    expect(matching.total).toBe(listed.length);
  });

  it('keeps the old { createdAt, id } cursor working for the default order', async () => {
    const first = await team.me.run.list({ teamId: team.teamId, limit: 5 });
    expect(first.nextCursor).toMatchObject({ id: first.items[4]!.id, createdAt: first.items[4]!.createdAt });
    const second = await team.me.run.list({ teamId: team.teamId, limit: 5, cursor: { createdAt: first.items[4]!.createdAt, id: first.items[4]!.id } });
    expect(second.items.map((r) => r.id)).not.toContain(first.items[0]!.id);
    const all = await walk({}, 5);
    expect(all.slice(0, 10).map((r) => r.id)).toEqual([...first.items, ...second.items].map((r) => r.id));
  });

  it('filters by user, status, split and tag, combined with a sort', async () => {
    const byUser = await walk({ createdBy: authorB, sort: { field: 'devAccuracy', direction: 'desc' } });
    expect(byUser.map((r) => r.id)).toEqual(expectedOrder('devAccuracy', 'desc', rows.filter((r) => r.createdBy === authorB)));

    const failed = await walk({ status: ['failed', 'queued'] });
    expect(new Set(failed.map((r) => r.id))).toEqual(new Set(rows.filter((r) => r.status !== 'succeeded').map((r) => r.id)));

    const onSecond = await walk({ splitId: otherSplitId, sort: { field: 'devRmse', direction: 'asc' } });
    expect(onSecond.map((r) => r.id)).toEqual(expectedOrder('devRmse', 'asc', rows.filter((r) => r.splitId === otherSplitId)));

    const tagged = await walk({ tag: 'baseline', sort: { field: 'number', direction: 'asc' } });
    expect(tagged.map((r) => r.number)).toEqual(rows.filter((_, i) => i % 4 === 1).map((r) => r.number));
    expect(await walk({ tag: 'no-such-tag' })).toEqual([]);
  });

  it('filters by a metric range, inclusive, and drops runs without the metric', async () => {
    const mid = await walk({ metrics: [{ field: 'devAccuracy', min: 0.6, max: 0.8 }], sort: { field: 'devAccuracy', direction: 'asc' } });
    const expected = rows.filter((r) => r.devAccuracy != null && r.devAccuracy >= 0.6 && r.devAccuracy <= 0.8);
    expect(mid.map((r) => r.id)).toEqual(expectedOrder('devAccuracy', 'asc', expected));
    expect(mid.length).toBeGreaterThan(0);
    const twoRanges = await walk({ metrics: [{ field: 'devAccuracy', min: 0.85 }, { field: 'epochsDone', max: 12 }] });
    expect(new Set(twoRanges.map((r) => r.id))).toEqual(new Set(rows.filter((r) => (r.devAccuracy ?? 0) >= 0.85 && r.epochsDone! <= 12).map((r) => r.id)));
  });

  it('filters by hyperparameter values on allow-listed config paths', async () => {
    const cfg = (r: (typeof rows)[number]) => r.config as { learningRate: number; batchSize: number | 'full'; hiddenLayers: { units: number; activation: string }[]; optimizer: { kind: string } };
    const ids = async (config: Parameters<typeof team.me.run.list>[0]['config']) => new Set((await walk({ config })).map((r) => r.id));
    const expectIds = (filter: (r: (typeof rows)[number]) => boolean) => new Set(rows.filter(filter).map((r) => r.id));

    expect(await ids([{ path: 'learningRate', value: 1e-3 }])).toEqual(expectIds((r) => cfg(r).learningRate === 0.001));
    expect(await ids([{ path: 'batchSize', value: 32 }])).toEqual(expectIds((r) => cfg(r).batchSize === 32));
    expect(await ids([{ path: 'batchSize', value: 'full' }])).toEqual(expectIds((r) => cfg(r).batchSize === 'full'));
    expect(await ids([{ path: 'optimizer', value: 'sgd' }, { path: 'activation', value: 'tanh' }])).toEqual(
      expectIds((r) => cfg(r).optimizer.kind === 'sgd' && cfg(r).hiddenLayers.some((l) => l.activation === 'tanh')),
    );
    expect(await ids([{ path: 'units', value: 128 }])).toEqual(expectIds((r) => cfg(r).hiddenLayers.some((l) => l.units === 128)));
    expect(await ids([{ path: 'layers', value: 3 }])).toEqual(expectIds((r) => cfg(r).hiddenLayers.length === 3));
  });

  it("lists exactly the requested runs for the compare view, in one page, and no other team's", async () => {
    const wanted = [rows[3]!.id, rows[17]!.id, rows[40]!.id];
    const page = await team.me.run.list({ teamId: team.teamId, runIds: wanted, limit: 500 });
    expect(new Set(page.items.map((r) => r.id))).toEqual(new Set(wanted));
    expect((await outsider.run.list({ teamId: outsiderTeamId, runIds: wanted, limit: 500 })).items).toEqual([]);
    await expectTrpcError(team.me.run.list({ teamId: team.teamId, limit: 500 }), 'BAD_REQUEST', /200 runs per page/);
  });

  it('refuses config paths outside the allow-list, mistyped values and a value-less cursor', async () => {
    const { me, teamId } = team;
    await expectTrpcError(me.run.list({ teamId, config: [{ path: 'weightsBlobKey', value: 1 } as never] }), 'BAD_REQUEST', /./);
    await expectTrpcError(me.run.list({ teamId, config: [{ path: 'learningRate', value: '0.001' } as never] }), 'BAD_REQUEST', /./);
    await expectTrpcError(me.run.list({ teamId, metrics: [{ field: 'devAccuracy' }] }), 'BAD_REQUEST', /./);
    await expectTrpcError(me.run.list({ teamId, sort: { field: 'devAccuracy', direction: 'desc' }, cursor: { id: rows[0]!.id } }), 'BAD_REQUEST', /./);
  });

  it("never lists another team's runs, whatever the filter", async () => {
    const page = await outsider.run.list({ teamId: outsiderTeamId, sort: { field: 'devAccuracy', direction: 'desc' }, tag: 'baseline' });
    expect(page.items).toEqual([]);
    await expectTrpcError(outsider.run.list({ teamId: team.teamId }), 'NOT_FOUND', /not a member/);
  });
});
