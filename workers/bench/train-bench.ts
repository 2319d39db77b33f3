/**
 * Training throughput of the trainer child on every tfjs backend that loads here, plus Keras/TF
 * and PyTorch on the same CPU when a Python with them is found, as ratios to the default worker.
 * MLP 784-256-128-10, batch 128, Adam, 60k synthetic MNIST-shaped samples per epoch; each backend
 * runs in a fresh trainer child through the real IPC path; medians over the epochs.
 *
 *   npx tsx workers/bench/train-bench.ts [--quick] [--python=/path/to/python]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { defaultModelConfig, type ModelConfig } from '../../server/shared/runs/model-config';
import { seededUniform } from '../../server/shared/seeded-random';
import { defaultPreprocessingSpec, type SplitPart } from '../../server/shared/tabular';
import { TrainerProcess } from '../trainer/trainer-client';
import type { BackendChoice } from '../trainer/trainer-env';
import { PYTHON_BENCH } from './python-bench';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const FEATURES = 784;
const CLASSES = 10;
const SAMPLES = quick ? 12_000 : 60_000;

const LABELS: Record<string, string> = {
  'tfjs-node-gpu': 'tfjs-node-gpu (libtensorflow, CUDA)',
  'tfjs-node': 'tfjs-node (libtensorflow CPU)',
  wasm: "tfjs wasm with Holdout's matmul fix and host optimizer step",
  'wasm-stock': 'tfjs wasm, stock',
  cpu: 'tfjs cpu (pure JS)',
};

interface Row {
  name: string;
  samplesPerSec: number | null;
  note: string;
}

const config: ModelConfig = {
  ...defaultModelConfig('classification'),
  hiddenLayers: [
    { units: 256, activation: 'relu', dropout: 0 },
    { units: 128, activation: 'relu', dropout: 0 },
  ],
  optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999 },
  learningRate: 1e-3,
  batchSize: 128,
  l2: 0,
  earlyStopping: { enabled: false, metric: 'devLoss', patience: 1, restoreBest: false },
};

/** Pixel-like features in [0, 1) and uniform labels: throughput does not depend on the content. */
function mnistShaped(rows: number, seed: number): SplitPart {
  const random = seededUniform(seed);
  const columns = Array.from({ length: FEATURES }, (_, c) => ({
    name: `px${c}`,
    kind: 'numeric' as const,
    values: Float32Array.from({ length: rows }, () => random()),
  }));
  const target = Int32Array.from({ length: rows }, () => Math.floor(random() * CLASSES));
  return { features: { rowCount: rows, columns }, target };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function benchBackend(backend: BackendChoice, samples: number, epochs: number, threads?: number): Promise<Row & { choice?: string }> {
  const rates: number[] = [];
  let parallelNote = '';
  const trainer = new TrainerProcess({
    backend,
    threads,
    onEpoch: (m) => rates.push(m.samplesPerSec),
    onLog: (m) => {
      const parallel = /data-parallel over \d+ threads/.exec(m.message);
      if (parallel) parallelNote = `${parallel[0]}; `;
    },
  });
  try {
    const ready = await trainer.ready;
    const outcome = await trainer.start({
      runId: `bench-${backend}`,
      taskKind: 'classification',
      classes: Array.from({ length: CLASSES }, (_, i) => String(i)),
      config: { ...config, epochs },
      preprocessing: { ...defaultPreprocessingSpec, standardize: false, missingIndicators: false },
      train: mnistShaped(samples, 1),
      dev: mnistShaped(1_000, 2),
    });
    const name = LABELS[ready.backendChoice] ?? ready.backendChoice;
    if (outcome.type !== 'done') return { name, samplesPerSec: null, note: `failed: ${'reason' in outcome ? outcome.reason : outcome.type}` };
    await trainer.close();
    const note = `${parallelNote}median of ${rates.length} epochs × ${samples.toLocaleString('en')} samples`;
    return { name, choice: ready.backendChoice, samplesPerSec: median(rates), note };
  } catch (error) {
    trainer.kill();
    const reason = (error as Error).message.split('\n')[0]!.replace(/^no tensor backend could start: /, '');
    return { name: LABELS[backend] ?? backend, samplesPerSec: null, note: `did not load (${reason})` };
  }
}

function findPython(): string | null {
  const explicit = args.find((a) => a.startsWith('--python='))?.slice('--python='.length);
  const candidates = explicit ? [explicit] : ['python3', '/tmp/benchvenv/bin/python'];
  for (const python of candidates) {
    if (python.startsWith('/') && !existsSync(python)) continue;
    const probe = spawnSync(python, ['-c', 'import torch, keras'], { stdio: 'ignore', timeout: 60_000 });
    if (probe.status === 0) return python;
  }
  return null;
}

function benchPython(python: string, framework: 'keras' | 'torch', epochs: number): Row {
  const result = spawnSync(python, ['-c', PYTHON_BENCH, framework, String(SAMPLES), String(epochs)], {
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3', OMP_NUM_THREADS: String(os.cpus().length) },
  });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  try {
    const parsed = JSON.parse(line) as { rates: number[]; version: string; threads: number };
    return {
      name: framework === 'keras' ? 'Keras / TF CPU' : 'PyTorch CPU',
      samplesPerSec: median(parsed.rates),
      note: `${parsed.version}, ${parsed.threads} threads; median of ${parsed.rates.length} epochs × ${SAMPLES.toLocaleString('en')}`,
    };
  } catch {
    return { name: framework, samplesPerSec: null, note: `failed: ${(result.stderr || line).trim().split('\n').pop()}` };
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const cpus = os.cpus();
  console.log(`MLP 784-256-128-10, batch 128, Adam; ${cpus[0]?.model.trim()} × ${cpus.length}; Node ${process.version}`);
  const load = os.loadavg()[0]!;
  // Shared machines skew everything, multi-threaded PyTorch most (OpenMP spin-waits).
  if (load > cpus.length / 2) console.log(`warning: load average ${load.toFixed(1)} before starting; numbers will be low`);
  const rows: Row[] = [];
  // The default worker first: it is the denominator of every ratio.
  const auto = await benchBackend('auto', SAMPLES, 3);
  rows.push({ ...auto, name: `default worker: ${auto.name}` });
  // The same wasm trainer held to one thread: what data-parallel training adds, in this run.
  if (auto.choice === 'wasm' && os.availableParallelism() > 1) {
    const single = await benchBackend('wasm', SAMPLES, 2, 1);
    rows.push({ ...single, name: `${single.name}, one thread` });
  }
  for (const backend of ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'wasm-stock'] as const) {
    if (backend === auto.choice) continue;
    // Stock wasm is ~4× slower: fewer samples keep the run short; samples/s is per epoch anyway.
    rows.push(await benchBackend(backend, backend === 'wasm-stock' ? Math.min(SAMPLES, 20_000) : SAMPLES, 2));
  }
  // Pure JS needs ~90 s per 60k epoch: measure 3k-sample epochs; samples/s extrapolates linearly.
  const cpu = await benchBackend('cpu', 3_000, 2);
  rows.push({ ...cpu, note: `${cpu.note} (extrapolated to 60k: ${cpu.samplesPerSec ? `${Math.round(60_000 / cpu.samplesPerSec)} s/epoch` : 'n/a'})` });

  const python = findPython();
  if (python) {
    rows.push(benchPython(python, 'keras', 3), benchPython(python, 'torch', 3));
  } else {
    rows.push({ name: 'Keras / PyTorch', samplesPerSec: null, note: 'no Python with keras and torch found (pass --python=...)' });
  }

  const base = rows[0]!.samplesPerSec;
  const fmt = (n: number | null) => (n === null ? '—' : Math.round(n).toLocaleString('en'));
  console.log('\n| implementation | samples/s | × default worker | notes |\n|---|---:|---:|---|');
  for (const row of rows) {
    const ratio = row.samplesPerSec && base ? (row.samplesPerSec / base).toFixed(2) : '—';
    console.log(`| ${row.name} | ${fmt(row.samplesPerSec)} | ${ratio} | ${row.note} |`);
  }
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

await main();
