import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { BackendChoice } from './trainer-env';
import { installWasmMatMulFix } from './wasm-matmul-fix';

export interface BackendInfo {
  /** tfjs's own backend name: tensorflow | wasm | cpu. */
  backend: string;
  /** Which of our choices ran, e.g. 'wasm' (with the matmul fix) vs 'wasm-stock'. */
  choice: Exclude<BackendChoice, 'auto'>;
  device: string;
  gpu: boolean;
  tfjsVersion: string;
  /** libtensorflow version when a native backend runs. */
  nativeVersion?: string;
  /** Why better backends were skipped, in plain language, for the run's log. */
  skipped: string[];
}

const require = createRequire(import.meta.url);
const AUTO_ORDER: Exclude<BackendChoice, 'auto'>[] = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'];

function cpuName(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'} (${cpus.length} cores)`;
}

function nativeVersion(): string | undefined {
  // tfjs-node exposes the libtensorflow version on its binding; typed nowhere.
  const backend = tf.backend() as unknown as { binding?: { TF_Version?: string } };
  return backend.binding?.TF_Version;
}

async function tryNative(pkg: '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node'): Promise<void> {
  // optionalDependencies: absent wherever the libtensorflow download failed at install.
  require(pkg);
  if (!(await tf.setBackend('tensorflow'))) throw new Error(`${pkg} loaded but its backend did not initialise`);
}

async function tryWasm(withFix: boolean): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // Binaries from the installed package on disk: the default would fetch from a CDN.
  const distDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  wasm.setWasmPaths(distDir + path.sep);
  if (withFix) installWasmMatMulFix();
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
}

async function activate(choice: Exclude<BackendChoice, 'auto'>, maxThreads: number): Promise<BackendInfo> {
  const base = { tfjsVersion: tf.version.tfjs, skipped: [] as string[], choice };
  switch (choice) {
    case 'tfjs-node-gpu': {
      await tryNative('@tensorflow/tfjs-node-gpu');
      // Without a usable CUDA device libtensorflow quietly runs on the CPU: report what ran.
      const backend = tf.backend() as unknown as { isUsingGpuDevice?: () => boolean };
      const gpu = backend.isUsingGpuDevice?.() ?? true;
      const device = gpu ? 'GPU (CUDA, tfjs-node-gpu)' : `${cpuName()} (tfjs-node-gpu found no GPU)`;
      return { ...base, backend: tf.getBackend(), device, gpu, nativeVersion: nativeVersion() };
    }
    case 'tfjs-node':
      await tryNative('@tensorflow/tfjs-node');
      return { ...base, backend: tf.getBackend(), device: cpuName(), gpu: false, nativeVersion: nativeVersion() };
    case 'wasm-stock':
      await tryWasm(false);
      return { ...base, backend: tf.getBackend(), device: `${cpuName()}, wasm SIMD, 1 thread`, gpu: false };
    case 'wasm': {
      await tryWasm(true);
      // Larger networks train data-parallel over several wasm instances (data-parallel.ts).
      const threads = maxThreads > 1 ? `up to ${maxThreads} threads` : '1 thread';
      return { ...base, backend: tf.getBackend(), device: `${cpuName()}, wasm SIMD, ${threads}`, gpu: false };
    }
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend did not initialise');
      return { ...base, backend: tf.getBackend(), device: `${cpuName()}, pure JS`, gpu: false };
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/Cannot find module|MODULE_NOT_FOUND/.test(message)) return 'not installed';
  return message.split('\n')[0] ?? message;
}

/**
 * Picks the fastest backend that loads: tfjs-node-gpu → tfjs-node → wasm (with the matmul fix)
 * → cpu, or exactly the one asked for. A backend asked for explicitly that fails is an error,
 * not a silent fallback: a run must not report a device it did not train on.
 */
export async function selectBackend(choice: BackendChoice = 'auto', maxThreads = 1): Promise<BackendInfo> {
  // PROD silences tfjs's "install tfjs-node" banner and skips debug-only checks.
  tf.env().set('PROD', true);
  if (choice !== 'auto') {
    try {
      return await activate(choice, maxThreads);
    } catch (error) {
      throw new Error(`${choice}: ${describe(error)}`);
    }
  }
  const skipped: string[] = [];
  for (const candidate of AUTO_ORDER) {
    try {
      const info = await activate(candidate, maxThreads);
      return { ...info, skipped };
    } catch (error) {
      skipped.push(`${candidate}: ${describe(error)}`);
    }
  }
  throw new Error(`no tfjs backend could start (${skipped.join('; ')})`);
}
