import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { splits } from '@/db/schema';
import { registerCsv } from '../support/datasets';
import { expectTrpcError } from '../support/expect-error';
import { callerFor, makeUser, openTestDatabase, uniqueSuffix } from '../support/test-database';

/**
 * Computed once and fixed: the same data, definition and seed must give this manifest on
 * PGlite and PostgreSQL, on any machine, forever (a change is a new algorithm version).
 */
const MOONS_RANDOM_MANIFEST_HASH = '0779ba8fda00ac5a81890a927d4e509f02d8a7f1fe9703b558e1b3d5dee7c733';

describe('frozen splits', () => {
  let handle: DatabaseHandle;
  let teamId: string;
  let userId: string;
  let irisVersionId: string;
  beforeAll(async () => {
    handle = await openTestDatabase();
    userId = (await makeUser(handle, 'Owner')).id;
    teamId = (await callerFor(handle, userId).team.create({ name: 'Splits', slug: `splits-${uniqueSuffix()}` })).id;
    irisVersionId = (await callerFor(handle, userId).dataset.addExample({ teamId, example: { type: 'shipped', key: 'iris' } })).versionId;
  });
  afterAll(async () => {
    await handle.close();
  });
  const me = () => callerFor(handle, userId);
  const splitCount = async () => (await handle.db.select({ n: count() }).from(splits).where(eq(splits.teamId, teamId)))[0]!.n;

  it('freezes a stratified 80/10/10 split with equal class shares in every part', async () => {
    const { id } = await me().split.freeze({
      teamId,
      datasetVersionId: irisVersionId,
      name: 'iris 80/10/10',
      definition: { strategy: 'stratified', column: 'label', fractions: { train: 0.8, dev: 0.1, test: 0.1 }, seed: 1 },
      humanLevelError: 0.02,
    });
    const split = await me().split.get({ teamId, splitId: id });
    expect(split).toMatchObject({ trainCount: 120, devCount: 15, testCount: 15, humanLevelError: 0.02, strategy: 'stratified', datasetName: 'Iris' });
    for (const part of split.guidance.parts) {
      // Test labels are sealed: the test part shows its size, not its classes.
      if (part.part === 'test') expect(part).toEqual({ part: 'test', rows: 15, share: 0.1 });
      else expect(part.labels!.map((l) => l.count)).toEqual(part.part === 'train' ? [40, 40, 40] : [5, 5, 5]);
    }
    expect(split.guidance.precision.find((p) => p.part === 'dev')!.message).toMatch(/dev: 15 rows/);
    expect(split.guidance.devVsTest.verdict).toMatch(/dev and test/i);
    expect(split.manifestHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await me().split.list({ teamId, datasetVersionId: irisVersionId })).map((s) => s.id)).toEqual([id]);
  });

  it('gives the same manifest hash for the same inputs, everywhere', async () => {
    const { versionId } = await me().dataset.addExample({ teamId, example: { type: 'generated', params: { kind: 'moons', rows: 300, noise: 0.2, seed: 5, classes: 2 } } });
    const definition = { strategy: 'random', fractions: { train: 0.6, dev: 0.2, test: 0.2 }, seed: 11 };
    const { manifestHash } = await me().split.freeze({ teamId, datasetVersionId: versionId, name: 'moons 60/20/20', definition, humanLevelError: null });
    expect(manifestHash).toBe(MOONS_RANDOM_MANIFEST_HASH);
    await expectTrpcError(
      me().split.freeze({ teamId, datasetVersionId: versionId, name: 'again', definition, humanLevelError: null }),
      'CONFLICT',
      /"moons 60\/20\/20" already has exactly this definition/,
    );
  });

  it('refuses invalid split requests with specific messages, storing nothing', async () => {
    const before = await splitCount();
    const csv = ['when,site,x,y', ...Array.from({ length: 40 }, (_, i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')},only,${i},${i % 2 ? 'a' : 'b'}`)].join('\n');
    const { versionId } = await registerCsv(handle, teamId, userId, csv, { name: `timed ${uniqueSuffix()}`, target: 'y' });
    const bad = (definition: Record<string, unknown>) => me().split.freeze({ teamId, datasetVersionId: versionId, name: `bad ${uniqueSuffix()}`, definition, humanLevelError: null });
    await expectTrpcError(bad({ strategy: 'random', fractions: { train: 0.8, dev: 0.1, test: 0.05 }, seed: 1 }), 'BAD_REQUEST', /Fractions must sum to 1 \(got 0\.95/);
    await expectTrpcError(bad({ strategy: 'grouped', column: 'site', fractions: { train: 0.8, dev: 0.1, test: 0.1 }, seed: 1 }), 'BAD_REQUEST', /"?site"? has only one group|only one group/);
    await expectTrpcError(bad({ strategy: 'random', fractions: { train: 0.98, dev: 0.01, test: 0.01 }, seed: 1 }), 'BAD_REQUEST', /(dev|test) would get 0 rows of 40: increase the (dev|test) fraction/);
    await expectTrpcError(bad({ strategy: 'stratified', column: 'nope', fractions: { train: 0.8, dev: 0.1, test: 0.1 }, seed: 1 }), 'BAD_REQUEST', /Column 'nope' not found/);
    await expectTrpcError(bad({ strategy: 'shuffle', seed: 1 }), 'BAD_REQUEST', /Strategy must be one of/);

    const badDates = 'when,x,y\n2024-01-01,1,a\n2024-01-02,2,b\nnot a date,3,a\n2024-01-04,4,b\n2024-01-05,5,a\n2024-01-06,6,b\n';
    const dated = await registerCsv(handle, teamId, userId, badDates, { name: `dates ${uniqueSuffix()}`, target: 'y' });
    await expectTrpcError(
      me().split.freeze({ teamId, datasetVersionId: dated.versionId, name: 'by time', definition: { strategy: 'time-ordered', column: 'when', fractions: { train: 0.5, dev: 0.25, test: 0.25 } }, humanLevelError: null }),
      'BAD_REQUEST',
      /when/,
    );
    expect(await splitCount()).toBe(before);
  });

  it('previews a split before freezing: the same parts and guidance freezing stores, a warning when the fractions cannot be met, nothing stored', async () => {
    const before = await splitCount();
    // Four groups of very different sizes cannot make 80/10/10.
    const sizes = { a: 20, b: 10, c: 6, d: 4 };
    const rows = Object.entries(sizes).flatMap(([mode, n]) => Array.from({ length: n }, (_, i) => `${mode},${i},${i % 2 ? 'x' : 'y'}`));
    const { versionId } = await registerCsv(handle, teamId, userId, ['mode,v,label', ...rows].join('\n'), { name: `modes ${uniqueSuffix()}`, target: 'label' });
    const definition = { strategy: 'grouped', column: 'mode', fractions: { train: 0.8, dev: 0.1, test: 0.1 }, seed: 1 };
    const preview = await me().split.preview({ teamId, datasetVersionId: versionId, definition });
    expect(preview.counts.train + preview.counts.dev + preview.counts.test).toBe(40);
    expect(preview.warnings[0]).toMatch(/^You asked for 80\/10\/10 and would get \d+\/\d+\/\d+ \(train\/dev\/test\)\. Whole groups of "mode" go to one part each/);
    expect(preview.guidance.precision.map((p) => p.part)).toEqual(['dev', 'test']);
    expect(await splitCount()).toBe(before);
    // A bad definition is refused with the freeze's own words.
    await expectTrpcError(me().split.preview({ teamId, datasetVersionId: versionId, definition: { ...definition, column: 'nope' } }), 'BAD_REQUEST', /Column 'nope' not found/);
    // Freezing gives exactly the previewed parts.
    const { id } = await me().split.freeze({ teamId, datasetVersionId: versionId, name: `modes ${uniqueSuffix()}`, definition, humanLevelError: null });
    expect(await me().split.get({ teamId, splitId: id })).toMatchObject({ trainCount: preview.counts.train, devCount: preview.counts.dev, testCount: preview.counts.test });
    // A plain random 80/10/10 of 40 rows meets its fractions: no warning.
    expect((await me().split.preview({ teamId, datasetVersionId: versionId, definition: { strategy: 'random', fractions: { train: 0.8, dev: 0.1, test: 0.1 }, seed: 3 } })).warnings).toEqual([]);
  });

  it('splits by a column that is not a model input: grouped by an excluded id, which the mismatch checks and the model never see', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `p${Math.floor(i / 3)},${i},${(i * 7) % 5},${i % 2 ? 'a' : 'b'}`);
    const { versionId } = await registerCsv(handle, teamId, userId, ['patient,x,z,y', ...rows].join('\n'), { name: `patients ${uniqueSuffix()}`, target: 'y', excluded: ['patient'] });
    const definition = { strategy: 'grouped', column: 'patient', fractions: { train: 0.6, dev: 0.2, test: 0.2 }, seed: 1 };
    const preview = await me().split.preview({ teamId, datasetVersionId: versionId, definition });
    expect(preview.counts.train + preview.counts.dev + preview.counts.test).toBe(60);
    const { id } = await me().split.freeze({ teamId, datasetVersionId: versionId, name: `by patient ${uniqueSuffix()}`, definition, humanLevelError: null });
    const split = await me().split.get({ teamId, splitId: id });
    // Three rows per patient: every part holds whole patients.
    expect([split.trainCount, split.devCount, split.testCount].every((n) => n % 3 === 0)).toBe(true);
    const checked = [...split.guidance.devVsTest.checks, ...split.guidance.trainVsDev.checks].map((c) => c.feature);
    expect(checked).not.toContain('patient');
    expect(checked).toContain('x');
  });

  it('orders a time split by date: earliest rows train, latest test', async () => {
    const csv = ['day,x,y', ...Array.from({ length: 20 }, (_, i) => `2024-02-${String(20 - i).padStart(2, '0')},${i},${i % 2 ? 'up' : 'down'}`)].join('\n');
    const { versionId } = await registerCsv(handle, teamId, userId, csv, { name: `days ${uniqueSuffix()}`, target: 'y' });
    const { id } = await me().split.freeze({ teamId, datasetVersionId: versionId, name: `time ${uniqueSuffix()}`, definition: { strategy: 'time-ordered', column: 'day', fractions: { train: 0.6, dev: 0.2, test: 0.2 } }, humanLevelError: null });
    expect(await me().split.get({ teamId, splitId: id })).toMatchObject({ trainCount: 12, devCount: 4, testCount: 4 });
  });

  it('keeps the human-level error as editable metadata, validated for the task', async () => {
    const [split] = await me().split.list({ teamId, datasetVersionId: irisVersionId });
    await me().split.setHumanLevelError({ teamId, splitId: split!.id, humanLevelError: 0.01 });
    expect((await me().split.get({ teamId, splitId: split!.id })).humanLevelError).toBe(0.01);
    await expectTrpcError(me().split.setHumanLevelError({ teamId, splitId: split!.id, humanLevelError: 3 }), 'BAD_REQUEST', /between 0 and 1 for classification/);
  });
});
