/**
 * npm run bench:scale — fills a fresh PostgreSQL database with 100,000 runs and 10 million
 * per-epoch metric points (20 users, 10 splits), then times the queries behind the runs table,
 * the leaderboard and the compare view. Prints p50/p95 over repeated calls; target p95 < 150 ms.
 * Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test, where it
 * creates and afterwards drops its own database).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { sql } from 'drizzle-orm';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const runsTotal = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 100_000);
const epochsPerRun = Number(process.argv.find((a) => a.startsWith('--epochs='))?.slice(9) ?? 100);
const keep = process.argv.includes('--keep');
const dbName = `holdout_bench_scale_${process.pid}`;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;

const { openDatabase } = await import('@/db/client');
const { migrateDatabase } = await import('@/db/migrate');
const { listRuns } = await import('@/server/domain/runs/queries');
const { compareCurves } = await import('@/server/domain/runs/compare');
const { getLeaderboard } = await import('@/server/domain/leaderboards/leaderboard');
type RunListCursor = import('@/server/domain/runs/queries').RunListCursor;
type BlobStore = import('@/server/shared/storage/blob-store').BlobStore;
// The bench's runs have no dev-prediction blobs (no key), so the leaderboard must rank them without
// ever reading one; a store that fails every read proves it does not.
const noBlobs = { getBuffer: () => Promise.reject(new Error('the bench has no blobs')) } as unknown as BlobStore;

const handle = await openDatabase({ kind: 'postgres', url: url.toString(), maxConnections: 4 });
try {
  await migrateDatabase(handle, process.cwd());
  const db = handle.db;
  const t0 = performance.now();
  await db.execute(sql`INSERT INTO users (email, name) SELECT 'user' || g || '@bench.example', 'User ' || g FROM generate_series(1, 20) g`);
  await db.execute(sql`INSERT INTO teams (name, slug) VALUES ('Bench', 'bench')`);
  await db.execute(sql`INSERT INTO memberships (team_id, user_id, role) SELECT t.id, u.id, 'member' FROM teams t, users u`);
  await db.execute(sql`INSERT INTO datasets (team_id, name) SELECT t.id, 'dataset ' || g FROM teams t, generate_series(1, 10) g`);
  await db.execute(sql`
    INSERT INTO dataset_versions (dataset_id, team_id, version, file_name, byte_size, content_hash, raw_blob_key, columnar_blob_key, delimiter, row_count, schema, preview, target_column, task_kind)
    SELECT d.id, d.team_id, 1, 'data.csv', 1000, md5(d.id::text), md5(d.id::text), md5(d.id::text), ',', 10000, '{"columns":[]}', '{"header":[],"rows":[]}', 'label', 'classification' FROM datasets d`);
  await db.execute(sql`
    INSERT INTO sealed_sets (team_id, dataset_version_id, manifest_blob_key, rows_hash, test_count, sealed_by_split_name)
    SELECT v.team_id, v.id, md5(v.id::text), md5(v.id::text), 1000, 'split ' || v.id FROM dataset_versions v`);
  await db.execute(sql`
    INSERT INTO splits (team_id, dataset_version_id, sealed_set_id, name, strategy, definition, definition_hash, manifest_hash, manifest_blob_key, train_count, dev_count, test_count, guidance, human_level_error)
    SELECT v.team_id, v.id, ss.id, 'split ' || v.id, 'random', '{}', md5(v.id::text), md5(v.id::text), md5(v.id::text), 8000, 1000, 1000, '{}', 0.02
    FROM dataset_versions v JOIN sealed_sets ss ON ss.dataset_version_id = v.id`);
  await db.execute(sql`
    INSERT INTO runs (team_id, number, split_id, dataset_version_id, created_by, config, seed, pool, status, epochs_planned, epochs_done, dataset_hash, split_hash,
                      train_loss, dev_loss, train_accuracy, dev_accuracy, dev_macro_f1, created_at, started_at, finished_at)
    SELECT s.team_id, g, s.id, s.dataset_version_id, u.id,
           jsonb_build_object('learningRate', 10 ^ (-1 - (g % 4)), 'batchSize', 32 * (1 + g % 4), 'hiddenLayers', jsonb_build_array(jsonb_build_object('units', 16 * (1 + g % 8), 'activation', 'relu', 'dropout', 0))),
           g, 'cpu', (CASE WHEN g % 50 = 0 THEN 'failed' ELSE 'succeeded' END)::run_status, ${epochsPerRun}, ${epochsPerRun}, md5(s.id::text), md5(s.id::text),
           0.2 + random() * 0.3, 0.25 + random() * 0.3, 0.8 + random() * 0.15, 0.78 + random() * 0.15, 0.77 + random() * 0.15,
           now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval + interval '30 seconds'
    FROM generate_series(1, ${runsTotal}) g
    JOIN LATERAL (SELECT * FROM splits ORDER BY id OFFSET (g % 10) LIMIT 1) s ON true
    JOIN LATERAL (SELECT * FROM users ORDER BY id OFFSET (g % 20) LIMIT 1) u ON true`);
  await db.execute(sql`
    INSERT INTO run_epochs (run_id, epoch, learning_rate, train_loss, dev_loss, train_metrics, dev_metrics, epoch_ms, samples_per_sec)
    SELECT r.id, e, 0.001, 1.0 / e + 0.1, 1.1 / e + 0.15,
           jsonb_build_object('accuracy', 0.5 + 0.45 * (1 - 1.0 / e), 'macroF1', 0.5 + 0.44 * (1 - 1.0 / e)),
           jsonb_build_object('accuracy', 0.5 + 0.43 * (1 - 1.0 / e), 'macroF1', 0.5 + 0.42 * (1 - 1.0 / e)), 50, 20000
    FROM runs r, generate_series(1, ${epochsPerRun}) e`);
  // Finished runs' curves, packed as the run_curves trigger packs them when a run ends (the fill
  // inserts runs as already finished, so the trigger never fires), one split at a time.
  const packStart = performance.now();
  await db.execute(sql`
    SELECT holdout_materialize_run_curves(array_agg(r.id))
    FROM runs r
    WHERE r.status IN ('succeeded', 'failed', 'cancelled')
    GROUP BY r.split_id`);
  const packSeconds = (performance.now() - packStart) / 1000;
  await db.execute(sql`ANALYZE`);
  const fillSeconds = (performance.now() - t0) / 1000;

  const ids = async (query: ReturnType<typeof sql>) => ((await db.execute(query)) as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
  const [teamId = ''] = await ids(sql`SELECT id FROM teams LIMIT 1`);
  const splitIds = await ids(sql`SELECT id FROM splits ORDER BY id`);
  const userIds = await ids(sql`SELECT id FROM users ORDER BY id`);
  const runIds = await ids(sql`SELECT id FROM runs ORDER BY random() LIMIT 2000`);

  const deepPages = Math.min(200, Math.floor(runsTotal / 50) - 1);
  let deepCursor: RunListCursor | undefined;
  for (let p = 0; p < deepPages; p++) deepCursor = (await listRuns(db, teamId, { limit: 50, cursor: deepCursor })).nextCursor ?? undefined;
  const byAccuracy = { field: 'devAccuracy', direction: 'desc' } as const;
  let deepAccuracyCursor: RunListCursor | undefined;
  for (let p = 0; p < deepPages; p++) deepAccuracyCursor = (await listRuns(db, teamId, { limit: 50, sort: byAccuracy, cursor: deepAccuracyCursor })).nextCursor ?? undefined;

  async function time(name: string, repeat: number, fn: (i: number) => Promise<unknown>) {
    await fn(0);
    const samples: number[] = [];
    for (let i = 1; i <= repeat; i++) {
      const start = performance.now();
      await fn(i);
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    return [name, samples[Math.floor(samples.length * 0.5)]!, samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))]!] as const;
  }

  const results = [
    await time('runs table: first page (50), newest first', 40, () => listRuns(db, teamId, { limit: 50 })),
    await time('runs table: page 200 by cursor (row 10,000)', 40, () => listRuns(db, teamId, { limit: 50, cursor: deepCursor })),
    await time('runs table: filter split + status + user', 40, (i) => listRuns(db, teamId, { limit: 50, splitId: splitIds[i % 10], status: ['succeeded'], createdBy: userIds[i % 20] })),
    await time('runs table: sorted by dev accuracy, first page', 40, () => listRuns(db, teamId, { limit: 50, sort: byAccuracy })),
    await time('runs table: sorted by dev accuracy, page 200', 40, () => listRuns(db, teamId, { limit: 50, sort: byAccuracy, cursor: deepAccuracyCursor })),
    await time('runs table: sorted by dev macro F1', 20, () => listRuns(db, teamId, { limit: 50, sort: { field: 'devMacroF1', direction: 'desc' } })),
    await time('runs table: filter learningRate = 0.001, newest', 40, () => listRuns(db, teamId, { limit: 50, config: [{ path: 'learningRate', value: 0.001 }] })),
    await time('runs table: filter lr + batch 64, by dev accuracy', 40, () =>
      listRuns(db, teamId, { limit: 50, sort: byAccuracy, config: [{ path: 'learningRate', value: 0.01 }, { path: 'batchSize', value: 64 }] }),
    ),
    await time('runs table: filter devAccuracy 0.90–0.91 + split', 40, (i) =>
      listRuns(db, teamId, { limit: 50, splitId: splitIds[i % 10], metrics: [{ field: 'devAccuracy', min: 0.9, max: 0.91 }] }),
    ),
    await time('leaderboard: one split (~10k runs, no blobs)', 20, (i) => getLeaderboard(db, noBlobs, teamId, splitIds[i % 10]!, {})),
    await time('compare view data: 100 runs × epochs', 20, (i) => compareCurves(db, teamId, runIds.slice((i % 20) * 100, (i % 20) * 100 + 100))),
  ];
  const table = [['query', 'p50', 'p95', 'target p95'], ...results.map(([name, p50, p95]) => [name, `${p50.toFixed(1)} ms`, `${p95.toFixed(1)} ms`, '< 150 ms'])];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  for (const row of table) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  │  '));
  console.log(`\n${runsTotal.toLocaleString('en-US')} runs, ${(runsTotal * epochsPerRun).toLocaleString('en-US')} epoch rows, filled in ${fillSeconds.toFixed(0)} s (curves packed in ${packSeconds.toFixed(0)} s); load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  await handle.close();
  if (!keep) await admin.query(`DROP DATABASE ${dbName}`);
  await admin.end();
}
