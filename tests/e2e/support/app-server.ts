import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

export interface AppServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** Milliseconds from spawning `npm start`'s entry to "ready". */
  startupMs: number;
  output: () => string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Starts the app exactly as `npm start` does (building first when the build is stale),
 * on a free port with its own embedded data folder.
 */
export async function startAppServer(extraEnv: Record<string, string> = {}): Promise<AppServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'holdout-e2e-'));
  const started = Date.now();
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['server/cli/start.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOLDOUT_DATA_DIR: dataDir, NEXTAUTH_URL: `http://localhost:${port}`, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start in 240 s:\n${output}`)), 240_000);
    child.stdout!.on('data', () => {
      if (output.includes('ready on http://')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code}:\n${output}`));
    });
  });
  const startupMs = Date.now() - started;
  return {
    url: `http://localhost:${port}`,
    dataDir,
    process: child,
    startupMs,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
