import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { datasetDrafts, datasetVersions, splits } from '@/db/schema';
import { createDraft, removeAbandonedDrafts } from '@/server/domain/datasets/drafts';
import { DomainError } from '@/server/shared/errors';
import { loadServerEnv } from '@/server/shared/env';
import { BAD_FILES, BAD_TARGETS } from '../support/bad-files';
import { registerCsv, uploadCsv } from '../support/datasets';
import { expectTrpcError } from '../support/expect-error';
import { callerFor, makeUser, openTestDatabase, uniqueSuffix, testBlobs } from '../support/test-database';

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('datasets: upload, register, versions, examples', () => {
  let handle: DatabaseHandle;
  let teamId: string;
  let userId: string;
  beforeAll(async () => {
    handle = await openTestDatabase();
    const user = await makeUser(handle, 'Owner');
    userId = user.id;
    teamId = (await callerFor(handle, userId).team.create({ name: 'Data', slug: `data-${uniqueSuffix()}` })).id;
  });
  afterAll(async () => {
    await handle.close();
  });
  const me = () => callerFor(handle, userId);

  it('ingests a semicolon file with quoted headers and registers it with a target', async () => {
    const rows = ['5,1;3,5;setosa', '7,0;3,2;versicolor', '6,3;3,3;virginica', '5,8;2,7;virginica', '4,9;3,0;setosa', '6,4;3,2;versicolor'];
    const csv = '\ufeff"sepal length";"sepal width";"species"\n' + [...rows, ...rows].join('\n') + '\n';
    const draft = await uploadCsv(handle, teamId, userId, csv, 'flowers.csv');
    expect(draft).toMatchObject({ delimiter: ';', rowCount: 12, suggestedTarget: { column: 'species', taskKind: 'classification' } });
    expect(draft.schema.columns.map((c) => [c.name, c.type])).toEqual([
      ['sepal length', 'numeric'],
      ['sepal width', 'numeric'],
      ['species', 'categorical'],
    ]);
    expect(await me().dataset.draft({ teamId, draftId: draft.id })).toMatchObject({ id: draft.id });
    const { datasetId, versionId, version } = await me().dataset.register({
      teamId,
      draftId: draft.id,
      dataset: { kind: 'new', name: 'Flowers', description: 'A few flowers' },
      targetColumn: 'species',
      taskKind: 'classification',
      excludedColumns: [],
    });
    expect(version).toBe(1);
    await expectTrpcError(me().dataset.draft({ teamId, draftId: draft.id }), 'NOT_FOUND', /not waiting for you/);
    const listed = await me().dataset.list({ teamId });
    expect(listed.find((d) => d.id === datasetId)).toMatchObject({ name: 'Flowers', rowCount: 12, columnCount: 3, targetColumn: 'species', latestVersion: 1 });
    const stored = await me().dataset.version({ teamId, versionId });
    expect(new Set(stored.preview.rows.map((r) => r[2]))).toEqual(new Set(['•••']));
    expect(JSON.stringify(stored)).not.toMatch(/versicolor|setosa|virginica/);
    expect(JSON.stringify(stored)).not.toMatch(/BlobKey/);
  });

  it('fixes the schema at registration: quoted header names renamed, an integer column read as categories, a yes/no target keeping its words', async () => {
    const lines = ["'vote'\t'zip'\t'age'"];
    for (let i = 0; i < 40; i++) lines.push(`${i % 3 ? 'yes' : 'no'}\t${[10115, 20095, 80331][i % 3]}\t${20 + (i % 37)}`);
    // A team of its own: the split frozen here must not count in the other tests' teams.
    const votes = (await me().team.create({ name: 'Votes', slug: `votes-${uniqueSuffix()}` })).id;
    const draft = await uploadCsv(handle, votes, userId, lines.join('\n') + '\n', 'votes.tsv');
    expect(draft.schema.columns.map((c) => [c.name, c.type])).toEqual([
      ["'vote'", 'boolean'],
      ["'zip'", 'integer'],
      ["'age'", 'integer'],
    ]);
    const register = (columnOverrides: { column: string; rename?: string; as?: 'categorical' }[], targetColumn = 'vote') =>
      me().dataset.register({ teamId: votes, draftId: draft.id, dataset: { kind: 'new', name: `Votes ${uniqueSuffix()}`, description: '' }, targetColumn, taskKind: 'classification', excludedColumns: [], columnOverrides });
    // Refusals name the column, and change nothing (the draft is still there).
    await expectTrpcError(register([{ column: 'vote', rename: 'x' }]), 'BAD_REQUEST', /no column "vote"/);
    await expectTrpcError(register([{ column: "'vote'", rename: 'age' }, { column: "'age'", rename: 'age' }], 'age'), 'BAD_REQUEST', /two columns would be named "age"/);
    await expectTrpcError(register([{ column: "'vote'", as: 'categorical' }]), 'BAD_REQUEST', /"'vote'" is boolean; only integer columns/);
    const fixes = [
      { column: "'vote'", rename: 'vote' },
      { column: "'zip'", rename: 'zip', as: 'categorical' as const },
      { column: "'age'", rename: 'age' },
    ];
    const { versionId } = await register(fixes);
    const version = await me().dataset.version({ teamId: votes, versionId });
    expect(version.schema.columns.map((c) => [c.name, c.type])).toEqual([
      ['vote', 'boolean'],
      ['zip', 'categorical'],
      ['age', 'integer'],
    ]);
    expect(version.schema.columns[1]!.stats).toMatchObject({ kind: 'categorical', topValues: expect.arrayContaining([{ value: '10115', count: 14 }]) });
    expect(version.preview.header).toEqual(['vote', 'zip', 'age']);
    // Trained on: zip one-hot as categories; the classes are the file's own words.
    const split = await me().split.freeze({ teamId: votes, datasetVersionId: versionId, name: 'votes', definition: { strategy: 'random', fractions: { train: 0.6, dev: 0.2, test: 0.2 }, seed: 1 }, humanLevelError: null });
    const [row] = await handle.db.select({ datasetVersionId: splits.datasetVersionId }).from(splits).where(eq(splits.id, split.id));
    const { loadTrainingData } = await import('@/server/shared/runs/training-data');
    const data = await loadTrainingData(handle.db, testBlobs, { splitId: split.id, datasetVersionId: row!.datasetVersionId });
    expect(data.classes).toEqual(['no', 'yes']);
    expect(data.train.features.columns.map((c) => [c.name, c.kind])).toEqual([
      ['zip', 'categorical'],
      ['age', 'numeric'],
    ]);
  });

  it('makes a new immutable version on new data and reports what changed', async () => {
    const { datasetId } = await registerCsv(handle, teamId, userId, 'a,b,y\n1,2,x\n3,4,z\n5,6,x\n7,8,z\n', { name: `Versioned ${uniqueSuffix()}`, target: 'y' });
    const draft = await uploadCsv(handle, teamId, userId, 'a,c,y\n1,9,x\n3,8,z\n5,7,x\n6,6,z\n8,5,x\n');
    const second = await me().dataset.register({ teamId, draftId: draft.id, dataset: { kind: 'existing', datasetId }, targetColumn: 'y', taskKind: 'classification', excludedColumns: [] });
    expect(second.version).toBe(2);
    const dataset = await me().dataset.get({ teamId, datasetId });
    expect(dataset.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(dataset.versions[0]!.change).toEqual({ added: ['c'], removed: ['b'], retyped: [], rowDelta: 1 });
    expect(dataset.versions[0]!.contentHash).toMatch(/^[0-9a-f]{64}$/);

    const same = await uploadCsv(handle, teamId, userId, 'a,c,y\n1,9,x\n3,8,z\n5,7,x\n6,6,z\n8,5,x\n');
    await expectTrpcError(
      me().dataset.register({ teamId, draftId: same.id, dataset: { kind: 'existing', datasetId }, targetColumn: 'y', taskKind: 'classification', excludedColumns: [] }),
      'CONFLICT',
      /Version 2 already has exactly this file/,
    );
  });

  it('refuses a dataset name the team already uses', async () => {
    const name = `Taken ${uniqueSuffix()}`;
    await registerCsv(handle, teamId, userId, 'a,y\n1,p\n2,q\n', { name, target: 'y' });
    const draft = await uploadCsv(handle, teamId, userId, 'a,y\n1,p\n2,q\n3,p\n');
    await expectTrpcError(
      me().dataset.register({ teamId, draftId: draft.id, dataset: { kind: 'new', name, description: '' }, targetColumn: 'y', taskKind: 'classification', excludedColumns: [] }),
      'CONFLICT',
      /already has a dataset named/,
    );
  });

  it('adds generated and shipped examples in one call each', async () => {
    const draftsBefore = (await handle.db.select({ n: count() }).from(datasetDrafts).where(eq(datasetDrafts.teamId, teamId)))[0]!.n;
    const moons = await me().dataset.addExample({ teamId, example: { type: 'generated', params: { kind: 'moons', rows: 500, noise: 0.2, seed: 3, classes: 2 } } });
    const moonsVersion = await me().dataset.version({ teamId, versionId: moons.versionId });
    expect(moonsVersion).toMatchObject({ rowCount: 500, targetColumn: 'label', taskKind: 'classification', source: { kind: 'generated', generator: 'moons', seed: 3 } });
    for (const key of ['iris', 'wine', 'breast-cancer', 'digits'] as const) {
      const example = await me().dataset.addExample({ teamId, example: { type: 'shipped', key } });
      const version = await me().dataset.version({ teamId, versionId: example.versionId });
      expect(version.source).toMatchObject({ kind: 'shipped', license: 'CC BY 4.0' });
      expect(version.rowCount).toBe({ iris: 150, wine: 178, 'breast-cancer': 569, digits: 1797 }[key]);
    }
    await expectTrpcError(me().dataset.addExample({ teamId, example: { type: 'shipped', key: 'iris' } }), 'CONFLICT', /already has a dataset named "Iris"/);
    await expectTrpcError(
      me().dataset.addExample({ teamId, example: { type: 'generated', params: { kind: 'spirals', rows: 5, noise: 0.1, seed: 1, classes: 3 } } }),
      'BAD_REQUEST',
      /rows: Generate at least 20 rows/,
    );
    const [{ n } = { n: 0 }] = await handle.db.select({ n: count() }).from(datasetDrafts).where(eq(datasetDrafts.teamId, teamId));
    expect(n).toBe(draftsBefore);
  });

  it('keeps formula cells as text and file names out of paths', async () => {
    const draft = await uploadCsv(handle, teamId, userId, 'name,y\n"=HYPERLINK(""http://evil"",""x"")",a\n@SUM(1),b\n', '../../etc/passwd.csv');
    expect(draft.fileName).toBe('passwd.csv');
    expect(draft.preview.rows[0]![0]).toBe('=HYPERLINK("http://evil","x")');
    expect(draft.schema.columns[0]!.formulaLikeCount).toBe(2);
    expect(filesUnder(loadServerEnv().blobDir).some((f) => f.includes('passwd'))).toBe(false);
  });

  it(`rejects ${BAD_FILES.length} malformed and hostile files with specific messages, storing nothing`, async () => {
    expect(BAD_FILES.length).toBeGreaterThanOrEqual(25);
    const blobDir = loadServerEnv().blobDir;
    const countDrafts = async () => (await handle.db.select({ n: count() }).from(datasetDrafts))[0]!.n;
    const draftsBefore = await countDrafts();
    const blobsBefore = new Set(filesUnder(blobDir).filter((f) => !f.includes(`${path.sep}.tmp${path.sep}`)));
    for (const bad of BAD_FILES) {
      const content = bad.content();
      const body = Buffer.isBuffer(content) ? Readable.from([content]) : Readable.from(content);
      let error: unknown;
      try {
        await createDraft(handle.db, testBlobs, { teamId, userId, fileName: `${bad.name}.csv`, body, maxBytes: bad.maxBytes ?? 200 * 1024 * 1024 });
      } catch (e) {
        error = e;
      }
      expect(error, bad.name).toBeInstanceOf(DomainError);
      expect((error as DomainError).code, bad.name).toBe(bad.code ?? 'BAD_INPUT');
      for (const pattern of bad.expect) expect((error as DomainError).userMessage, bad.name).toMatch(pattern);
    }
    expect(await countDrafts()).toBe(draftsBefore);
    const blobsAfter = filesUnder(blobDir).filter((f) => !f.includes(`${path.sep}.tmp${path.sep}`));
    expect(blobsAfter.filter((f) => !blobsBefore.has(f))).toEqual([]);
  });

  it('refuses unusable targets with the reason, registering nothing', async () => {
    for (const bad of BAD_TARGETS) {
      const draft = await uploadCsv(handle, teamId, userId, bad.csv);
      await expectTrpcError(
        me().dataset.register({ teamId, draftId: draft.id, dataset: { kind: 'new', name: `Bad ${uniqueSuffix()}`, description: '' }, targetColumn: bad.target, taskKind: bad.taskKind, excludedColumns: [] }),
        'BAD_REQUEST',
        bad.expect,
      );
    }
    const draft = await uploadCsv(handle, teamId, userId, 'x,y\n1,a\n2,b\n');
    await expectTrpcError(
      me().dataset.register({ teamId, draftId: draft.id, dataset: { kind: 'new', name: 'x', description: '' }, targetColumn: 'y', taskKind: 'classification', excludedColumns: ['nope'] }),
      'BAD_REQUEST',
      /Cannot exclude "nope": the file has no such column/,
    );
    const versions = await handle.db.select({ n: count() }).from(datasetVersions).where(eq(datasetVersions.teamId, teamId));
    const splitRows = await handle.db.select({ n: count() }).from(splits).where(eq(splits.teamId, teamId));
    expect(versions[0]!.n).toBeGreaterThan(0);
    expect(splitRows[0]!.n).toBe(0);
  });

  it('removes drafts abandoned for a week, and the blobs only they used', async () => {
    const content = `a,b\n${uniqueSuffix()},1\n2,3\n4,5\n`;
    const abandoned = await uploadCsv(handle, teamId, userId, content);
    const kept = await uploadCsv(handle, teamId, userId, `a,b\n${uniqueSuffix()},1\n2,3\n4,5\n`);
    const [row] = await handle.db.select().from(datasetDrafts).where(eq(datasetDrafts.id, abandoned.id));
    await handle.db.update(datasetDrafts).set({ createdAt: new Date(Date.now() - 8 * 86_400_000) }).where(eq(datasetDrafts.id, abandoned.id));
    expect(await removeAbandonedDrafts(handle.db, testBlobs)).toBeGreaterThanOrEqual(1);
    expect(await handle.db.select().from(datasetDrafts).where(eq(datasetDrafts.id, abandoned.id))).toEqual([]);
    expect(await testBlobs.has(row!.rawBlobKey)).toBe(false);
    expect(await handle.db.select({ id: datasetDrafts.id }).from(datasetDrafts).where(eq(datasetDrafts.id, kept.id))).toHaveLength(1);
  });
});
