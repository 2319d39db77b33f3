/**
 * npm run bench:loop — the idea → experiment loop's latency on a warm embedded instance: over
 * 20 launches of a small two-moons run, the time from the launch request to the first dev
 * metric delivered to a subscribed client (the run.watch subscription, in process: the same
 * path as the browser's SSE stream minus HTTP). Target: median under 1 s.
 * Runs with --conditions=react-server so the API modules' `server-only` guard resolves as on the server.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { openEmbeddedInstance } from './embedded-instance';

const launches = Number(process.argv.find((a) => a.startsWith('--launches='))?.slice(11) ?? 20);
const instance = await openEmbeddedInstance('loop');
const { me, worker } = instance;
const team = { id: instance.teamId };
const { versionId } = await me.dataset.addExample({ teamId: team.id, example: { type: 'generated', params: { kind: 'moons', rows: 1000, noise: 0.1, seed: 1, classes: 2 } } });
const split = await me.split.freeze({ teamId: team.id, datasetVersionId: versionId, name: 'moons', definition: { strategy: 'stratified', column: 'label', fractions: { train: 0.8, dev: 0.1, test: 0.1 }, seed: 1 }, humanLevelError: null });
const { config } = await me.run.defaults({ teamId: team.id, splitId: split.id });
const small = { ...config, hiddenLayers: [{ units: 16, activation: 'relu', dropout: 0 }], epochs: 5, batchSize: 64 };

const latencies: number[] = [];
const totals: number[] = [];
for (let i = 0; i < launches + 1; i++) {
  const started = performance.now();
  const { id: runId } = await me.run.launch({ teamId: team.id, splitId: split.id, config: { ...small, seed: i } });
  let firstMetric = 0;
  for await (const envelope of (await me.run.watch({ teamId: team.id, runId })) as AsyncIterable<unknown>) {
    const message = (Array.isArray(envelope) ? envelope[1] : (envelope as { data: unknown }).data) as { epochs: unknown[]; run: { status: string } };
    if (!firstMetric && message.epochs.length > 0) firstMetric = performance.now() - started;
    if (message.run.status !== 'queued' && message.run.status !== 'running') break;
  }
  // The first launch warms caches (tsx compile cache, JIT); report the next `launches`.
  if (i > 0) {
    latencies.push(firstMetric);
    totals.push(performance.now() - started);
  }
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const pick = (values: number[], q: number) => sorted(values)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
const rows = [
  ['measure', 'median', 'p90', 'min', 'max'],
  ['launch → first dev metric at the subscriber', ...[0.5, 0.9].map((q) => `${pick(latencies, q).toFixed(0)} ms`), `${Math.min(...latencies).toFixed(0)} ms`, `${Math.max(...latencies).toFixed(0)} ms`],
  ['launch → run finished (5 epochs)', ...[0.5, 0.9].map((q) => `${pick(totals, q).toFixed(0)} ms`), `${Math.min(...totals).toFixed(0)} ms`, `${Math.max(...totals).toFixed(0)} ms`],
];
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  │  '));
console.log(`\n${launches} launches after one warm-up, backend ${worker.backend}, target median < 1000 ms; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

await instance.close();
process.exit(0);
