/**
 * npm run bench:datasets — ingest of a generated 1M-row × 20-column CSV (rows/s, peak RSS),
 * the time to load its columnar form back, and the time to freeze splits of it.
 * Medians of --repeat runs (default 3). Targets: ≥ 300k rows/s, peak RSS < 1 GB, split < 2 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { decodeColumnStore, encodeColumnStore } from '@/server/shared/datasets/column-store';
import { ingestDelimitedFile } from '@/server/domain/datasets/ingest';
import { toSplitData } from '@/server/domain/datasets/split-input';
import { assignSplit } from '@/server/shared/splits/assign-split';
import { encodeManifest, hashManifest } from '@/server/shared/splits/manifest';

const rows = Number(process.argv.find((a) => a.startsWith('--rows='))?.slice(7) ?? 1_000_000);
const repeat = Number(process.argv.find((a) => a.startsWith('--repeat='))?.slice(9) ?? 3);
const file = path.join(os.tmpdir(), `holdout-bench-${rows}.csv`);

async function generate(): Promise<void> {
  if (fs.existsSync(file)) return;
  const out = fs.createWriteStream(file);
  const header = ['id', ...Array.from({ length: 17 }, (_, i) => `x${i}`), 'city', 'label'];
  out.write(header.join(',') + '\n');
  const cities = ['paris', 'lyon', 'nantes', 'lille', 'nice'];
  let buffer: string[] = [];
  for (let r = 0; r < rows; r++) {
    const fields = [String(r)];
    for (let c = 0; c < 17; c++) fields.push(c % 4 === 3 ? String((r * 7 + c) % 97) : (Math.sin(r * 0.37 + c) * 100).toFixed(4));
    fields.push(cities[(r * 13) % 5]!, r % 3 === 0 ? 'yes' : 'no');
    buffer.push(fields.join(','));
    if (buffer.length === 10_000) {
      if (!out.write(buffer.join('\n') + '\n')) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      buffer = [];
    }
  }
  out.end(buffer.length ? buffer.join('\n') + '\n' : '');
  await new Promise<void>((resolve) => out.once("finish", () => resolve()));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

await generate();
const bytes = fs.statSync(file).size;
const ingestSeconds: number[] = [];
const peaks: number[] = [];
const loadMs: number[] = [];
const splitMs: Record<string, number[]> = { 'random 98/1/1': [], 'stratified 80/10/10': [] };
for (let i = 0; i < repeat; i++) {
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  const result = await ingestDelimitedFile(fs.createReadStream(file, { highWaterMark: 1 << 20 }), { fileName: 'bench.csv', maxBytes: 1 << 30 });
  ingestSeconds.push((performance.now() - start) / 1000);
  clearInterval(sampler);
  peaks.push(Math.max(peak, process.memoryUsage().rss));
  const stored = encodeColumnStore(result.columns);
  const loadStart = performance.now();
  const decoded = decodeColumnStore(stored);
  loadMs.push(performance.now() - loadStart);
  const data = toSplitData(decoded.rowCount, decoded.columns);
  for (const [name, definition] of [
    ['random 98/1/1', { strategy: 'random', fractions: { train: 0.98, dev: 0.01, test: 0.01 }, seed: 1 }],
    ['stratified 80/10/10', { strategy: 'stratified', column: 'label', fractions: { train: 0.8, dev: 0.1, test: 0.1 }, seed: 1 }],
  ] as const) {
    const t = performance.now();
    hashManifest(encodeManifest(assignSplit(definition, data)));
    splitMs[name]!.push(performance.now() - t);
  }
}

const ingest = median(ingestSeconds);
const table = [
  ['measure', 'median', 'target'],
  ['file', `${rows.toLocaleString('en-US')} rows × 20 columns, ${(bytes / 1e6).toFixed(0)} MB`, ''],
  ['ingest (parse, infer, typed columns, stats)', `${(ingest * 1000).toFixed(0)} ms = ${Math.round(rows / ingest).toLocaleString('en-US')} rows/s`, '≥ 300,000 rows/s'],
  ['peak RSS during ingest', `${(median(peaks) / 2 ** 20).toFixed(0)} MiB`, '< 1 GiB'],
  ['load columnar form (decode)', `${median(loadMs).toFixed(0)} ms`, '≪ 2 s'],
  ...Object.entries(splitMs).map(([name, values]) => [`freeze split: ${name} (+ manifest hash)`, `${median(values).toFixed(0)} ms`, '< 2 s']),
];
const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
for (const row of table) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  │  '));
console.log(`\n${repeat} runs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${os.cpus().length} cores, Node ${process.version}`);
