/**
 * npm run bench:ingest — metric logging through the HTTP API, into one web process (`npm start`,
 * the real app, built when stale) on PostgreSQL. Prints:
 *
 * 1. Throughput: metric points per second accepted through batched logging (batches of 10,000,
 *    --scripts external runs logging at once, --batches each), median of --repeats, against the
 *    same points INSERTed straight into the same database from this process (the baseline: what
 *    PostgreSQL itself takes). Target ≥ 100,000 points/s (W&B documents about 100k values a minute).
 * 2. Latency of a single small log call (one point), p50/p95 over --calls sequential calls,
 *    against an authenticated read that logs nothing (GET /api/v1/teams): the cost of logging itself.
 * 3. The web process's resident memory (the process tree of `npm start`): idle, and the peak while
 *    ingesting, sampled every 50 ms.
 *
 * Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test, where it
 * creates and afterwards drops its own database).
 */
import { median, quantile, table } from './bench-stats';
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { sql } from 'drizzle-orm';

const flag = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const SCRIPTS = flag('scripts', 4);
const BATCHES = flag('batches', 10);
const REPEATS = flag('repeats', 3);
const CALLS = flag('calls', 300);
const BATCH = 10_000;

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dbName = `holdout_bench_ingest_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;

const { startAppServer } = await import('../e2e/support/app-server');
const { openDatabase } = await import('@/db/client');
const { createApiToken } = await import('@/server/domain/accounts/api-tokens');


/** Resident memory of a process and its descendants, from /proc (MiB). */
function treeRssMiB(rootPid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      rss.set(Number(entry), kb);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while being read.
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total / 1024;
}

const app = await startAppServer({ DATABASE_URL: url.toString() });
const handle = await openDatabase({ kind: 'postgres', url: url.toString(), maxConnections: 4 });
try {
  const db = handle.db;
  // One member, one team, one frozen split (rows only: logging metrics reads no blob).
  await db.execute(sql`INSERT INTO users (email, name) VALUES ('bench@example.com', 'Bench')`);
  await db.execute(sql`INSERT INTO teams (name, slug) VALUES ('Bench', 'bench')`);
  await db.execute(sql`INSERT INTO memberships (team_id, user_id, role) SELECT t.id, u.id, 'member' FROM teams t, users u`);
  await db.execute(sql`INSERT INTO datasets (team_id, name) SELECT id, 'dataset' FROM teams`);
  await db.execute(sql`
    INSERT INTO dataset_versions (dataset_id, team_id, version, file_name, byte_size, content_hash, raw_blob_key, columnar_blob_key, delimiter, row_count, schema, preview, target_column, task_kind)
    SELECT d.id, d.team_id, 1, 'data.csv', 1000, md5(d.id::text), md5(d.id::text), md5(d.id::text), ',', 10000, '{"columns":[]}', '{"header":[],"rows":[]}', 'label', 'classification' FROM datasets d`);
  await db.execute(sql`
    INSERT INTO sealed_sets (team_id, dataset_version_id, manifest_blob_key, rows_hash, test_count, sealed_by_split_name)
    SELECT v.team_id, v.id, md5(v.id::text), md5(v.id::text), 1000, 'split' FROM dataset_versions v`);
  await db.execute(sql`
    INSERT INTO splits (team_id, dataset_version_id, sealed_set_id, name, strategy, definition, definition_hash, manifest_hash, manifest_blob_key, train_count, dev_count, test_count, guidance)
    SELECT v.team_id, v.id, ss.id, 'split', 'random', '{}', md5(v.id::text), md5(v.id::text), md5(v.id::text), 8000, 1000, 1000, '{}'
    FROM dataset_versions v JOIN sealed_sets ss ON ss.dataset_version_id = v.id`);
  const [ids] = ((await db.execute(sql`SELECT u.id AS user_id, t.id AS team_id, s.id AS split_id FROM users u, teams t, splits s`)) as unknown as { rows: { user_id: string; team_id: string; split_id: string }[] }).rows;
  const { secret } = await createApiToken(db, ids!.user_id, { teamId: ids!.team_id, name: 'bench', role: 'member' });
  const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${app.url}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, unknown>>;
  };
  const newRun = async () => (await api('POST', `/teams/${ids!.team_id}/runs`, { splitId: ids!.split_id, name: 'bench' })).id as string;
  const batch = (b: number) => Array.from({ length: BATCH }, (_, i) => ({ key: `m${i % 10}`, step: b * (BATCH / 10) + Math.floor(i / 10), value: Math.sin(i) }));
  // Warm the route (its first call compiles and connects).
  await api('POST', `/teams/${ids!.team_id}/runs/${await newRun()}/metrics`, { points: batch(0) });

  let peakRss = 0;
  const idleRss = treeRssMiB(app.process.pid!);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, treeRssMiB(app.process.pid!))), 50);

  const apiRates: number[] = [];
  const directRates: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const runIds = await Promise.all(Array.from({ length: SCRIPTS }, newRun));
    let t = performance.now();
    await Promise.all(runIds.map(async (runId) => {
      for (let b = 0; b < BATCHES; b++) await api('POST', `/teams/${ids!.team_id}/runs/${runId}/metrics`, { points: batch(b) });
    }));
    apiRates.push((SCRIPTS * BATCHES * BATCH) / ((performance.now() - t) / 1000));

    // Baseline: the same points straight into the same table, one INSERT per batch, as many at once.
    const directIds = await Promise.all(Array.from({ length: SCRIPTS }, newRun));
    const pool = new pg.Pool({ connectionString: url.toString(), max: SCRIPTS });
    t = performance.now();
    await Promise.all(directIds.map(async (runId) => {
      for (let b = 0; b < BATCHES; b++) {
        const points = batch(b);
        await pool.query('insert into run_metric_points (run_id, key, step, value) select $1, k, s, v from unnest($2::text[], $3::int[], $4::float8[]) as t(k, s, v)', [
          runId,
          points.map((p) => p.key),
          points.map((p) => p.step),
          points.map((p) => p.value),
        ]);
      }
    }));
    directRates.push((SCRIPTS * BATCHES * BATCH) / ((performance.now() - t) / 1000));
    await pool.end();
  }
  clearInterval(sampler);

  // Latency of a one-point log call, against an authenticated read.
  const latencyRun = await newRun();
  const logMs: number[] = [];
  const readMs: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    // Paced under the per-token rate limit (50 requests/s): the latency of a call, not of a queue.
    const started = performance.now();
    let t = started;
    await api('POST', `/teams/${ids!.team_id}/runs/${latencyRun}/metrics`, { points: [{ key: 'loss', step: i, value: 1 / (i + 1) }] });
    logMs.push(performance.now() - t);
    t = performance.now();
    await api('GET', '/teams');
    readMs.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, Math.max(0, 50 - (performance.now() - started))));
  }

  console.log(`\nbench:ingest on ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}, node ${process.version}; ${SCRIPTS} scripts × ${BATCHES} batches of ${BATCH.toLocaleString()} points, ${REPEATS} repeats\n`);
  const apiMedian = median(apiRates);
  const directMedian = median(directRates);
  table([
    ['metric points accepted per second', 'median', 'runs', 'ratio to direct INSERT', 'target'],
    ['through the API (one web process)', Math.round(apiMedian).toLocaleString(), apiRates.map((r) => Math.round(r).toLocaleString()).join(', '), (apiMedian / directMedian).toFixed(2), '≥ 100,000'],
    ['direct INSERT … unnest (baseline)', Math.round(directMedian).toLocaleString(), directRates.map((r) => Math.round(r).toLocaleString()).join(', '), '1.00', ''],
  ]);
  table([
    ['single call', 'p50 ms', 'p95 ms', 'ratio p50 to the read'],
    ['log one point (POST …/metrics)', quantile(logMs, 0.5).toFixed(1), quantile(logMs, 0.95).toFixed(1), (quantile(logMs, 0.5) / quantile(readMs, 0.5)).toFixed(2)],
    ['authenticated read (GET /teams)', quantile(readMs, 0.5).toFixed(1), quantile(readMs, 0.95).toFixed(1), '1.00'],
  ]);
  table([
    ['web process memory (RSS, process tree)', 'MiB'],
    ['idle, after warm-up', idleRss.toFixed(0)],
    ['peak while ingesting', peakRss.toFixed(0)],
  ]);
} finally {
  await handle.close();
  await app.stop();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}
