import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { openDatabase, type DatabaseHandle, type Schema } from '@/db/client';
import { migrationsFolder } from '@/db/migrate';

/**
 * Migration 0009 moves seals from splits to dataset versions on a database that already has
 * splits, budgets and evaluations: the earliest split of a version seals it, every split points at
 * that seal, the most recently set budget survives per seal, and the append-only evaluations
 * gain their seal without being otherwise changed. Always on a fresh embedded database.
 */
const root = path.resolve(import.meta.dirname, '..', '..');

function migrationsUpTo(last: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holdout-migrations-'));
  const source = migrationsFolder(root);
  const journal = JSON.parse(fs.readFileSync(path.join(source, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  const cut = journal.entries.findIndex((e) => e.tag === last);
  journal.entries = journal.entries.slice(0, cut + 1);
  fs.mkdirSync(path.join(dir, 'meta'));
  fs.writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify(journal));
  for (const entry of journal.entries) fs.copyFileSync(path.join(source, `${entry.tag}.sql`), path.join(dir, `${entry.tag}.sql`));
  return dir;
}

describe('migration 0009: seals per dataset version', () => {
  let handle: DatabaseHandle;
  const q = async <T,>(text: string) => (await handle.pglite!.query<T>(text)).rows;

  beforeAll(async () => {
    handle = await openDatabase({ kind: 'pglite' });
    const db = handle.db as unknown as PgliteDatabase<Schema>;
    await migrate(db, { migrationsFolder: migrationsUpTo('0008_run_curves') });
    await handle.pglite!.exec(`
      INSERT INTO users (id, email, name) VALUES ('00000000-0000-4000-8000-000000000001', 'a@example.com', 'A');
      INSERT INTO teams (id, name, slug) VALUES ('00000000-0000-4000-8000-000000000002', 'T', 't');
      INSERT INTO datasets (id, team_id, name) VALUES ('00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000002', 'D');
      INSERT INTO dataset_versions (id, dataset_id, team_id, version, file_name, byte_size, content_hash, raw_blob_key, columnar_blob_key, delimiter, row_count, schema, preview, target_column, task_kind)
      VALUES ('00000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000002', 1, 'd.csv', 10, 'h', 'k', 'k', ',', 100, '{"columns":[]}', '{"header":[],"rows":[]}', 'y', 'classification');
      INSERT INTO splits (id, team_id, dataset_version_id, name, strategy, definition, definition_hash, manifest_hash, manifest_blob_key, train_count, dev_count, test_count, guidance, created_at)
      VALUES ('00000000-0000-4000-8000-000000000011', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000004', 'first', 'random', '{}', 'd1', 'm1', 'blob-first', 80, 10, 10, '{}', now() - interval '2 days'),
             ('00000000-0000-4000-8000-000000000012', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000004', 'clone', 'random', '{}', 'd2', 'm2', 'blob-clone', 80, 10, 10, '{}', now() - interval '1 day');
      INSERT INTO test_budgets (split_id, team_id, max_evaluations, period, updated_at)
      VALUES ('00000000-0000-4000-8000-000000000011', '00000000-0000-4000-8000-000000000002', 0, 'total', now() - interval '2 days'),
             ('00000000-0000-4000-8000-000000000012', '00000000-0000-4000-8000-000000000002', 3, 'week', now() - interval '1 day');
      INSERT INTO runs (id, team_id, number, split_id, dataset_version_id, created_by, config, seed, pool, status, epochs_planned, epochs_done, dataset_hash, split_hash)
      VALUES ('00000000-0000-4000-8000-000000000021', '00000000-0000-4000-8000-000000000002', 1, '00000000-0000-4000-8000-000000000012', '00000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-000000000001', '{}', 1, 'cpu', 'succeeded', 1, 1, 'h', 'm2');
      INSERT INTO test_evaluations (id, team_id, split_id, run_id, model_hash, reason)
      VALUES ('00000000-0000-4000-8000-000000000031', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000012', '00000000-0000-4000-8000-000000000021', 'w', 'before');
    `);
    await migrate(db, { migrationsFolder: migrationsFolder(root) });
  });

  afterAll(async () => {
    await handle.close();
  });

  it('seals each version with its earliest split and points every split at it', async () => {
    const seals = await q<{ id: string; manifest_blob_key: string; sealed_by_split_name: string; test_count: number }>('SELECT * FROM sealed_sets');
    expect(seals).toHaveLength(1);
    expect(seals[0]).toMatchObject({ manifest_blob_key: 'blob-first', sealed_by_split_name: 'first', test_count: 10 });
    const splits = await q<{ sealed_set_id: string }>('SELECT sealed_set_id FROM splits');
    expect(splits.map((s) => s.sealed_set_id)).toEqual([seals[0]!.id, seals[0]!.id]);
  });

  it('keeps one budget per seal (the one set last) and gives evaluations their seal', async () => {
    const budgets = await q<{ sealed_set_id: string; max_evaluations: number; period: string }>('SELECT sealed_set_id, max_evaluations, period FROM test_budgets');
    expect(budgets).toEqual([{ sealed_set_id: expect.any(String), max_evaluations: 3, period: 'week' }]);
    const evaluations = await q<{ sealed_set_id: string; reason: string }>('SELECT sealed_set_id, reason FROM test_evaluations');
    expect(evaluations).toEqual([{ sealed_set_id: budgets[0]!.sealed_set_id, reason: 'before' }]);
    // Still append-only afterwards.
    await expect(handle.pglite!.query(`UPDATE test_evaluations SET reason = 'after'`)).rejects.toThrow(/append-only/);
  });
});
