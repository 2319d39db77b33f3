/**
 * `npm start`: one process that owns the embedded database (or connects to PostgreSQL),
 * builds the app when the build is missing or stale, and serves it.
 */
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildIsStale } from './build-freshness';

const dev = process.argv.includes('--dev');
const processEnv = process.env as Record<string, string | undefined>;
processEnv.NODE_ENV ??= dev ? 'development' : 'production';
// Next's telemetry would try the network, which self-hosted installs often lack.
processEnv.NEXT_TELEMETRY_DISABLED ??= '1';

const { loadServerEnv } = await import('../shared/env');
const { configOrExit } = await import('../shared/config-or-exit');
const { webServices, closeWebServices } = await import('../shared/web-services');
const { DataDirInUseError } = await import('../shared/data-dir-lock');

const { writeGeneratedSecret } = await import('../shared/generated-secret');

const env = configOrExit(() => {
  const first = loadServerEnv();
  if (first.nextAuthSecret) return first;
  writeGeneratedSecret(first.dataDir);
  return loadServerEnv();
});

const startedAt = Date.now();
let services: Awaited<ReturnType<typeof webServices>>;
try {
  services = await webServices();
} catch (error) {
  if (error instanceof DataDirInUseError) {
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
const where = env.database.kind === 'pglite' ? `embedded database in ${env.dataDir}` : 'PostgreSQL';
console.log(`[holdout] ${where} ready in ${Date.now() - startedAt} ms`);
const { startEmbeddedWorker, stopEmbeddedWorker } = await import('../../workers/embedded');
const workerStarted = startEmbeddedWorker(env, services).catch((error: unknown) => {
  // The app stays usable without training: say why, loudly, once.
  console.error(`[holdout] the embedded training worker did not start: ${(error as Error).message}`);
});

if (!dev && buildIsStale(env.projectRoot)) {
  console.log('[holdout] building the web app (first start or changed sources)…');
  const nextBin = path.join(env.projectRoot, 'node_modules', '.bin', 'next');
  const build = spawnSync(nextBin, ['build'], { cwd: env.projectRoot, stdio: 'inherit', env: process.env });
  if (build.status !== 0) {
    console.error('[holdout] the build failed; see the output above.');
    await closeWebServices();
    process.exit(1);
  }
}

const { default: next } = await import('next');
const app = next({ dev, dir: env.projectRoot, hostname: 'localhost', port: env.port });
await app.prepare();
const handle = app.getRequestHandler();
// The compare view takes its runs in the URL (/compare?runs=…, 37 characters per run): Node's
// default 16 KB header limit would refuse a comparison of more than ~400 runs.
const server = http.createServer({ maxHeaderSize: 256 * 1024 }, (req, res) => {
  void handle(req, res);
});
server.on('error', async (error: NodeJS.ErrnoException) => {
  console.error(
    error.code === 'EADDRINUSE' ? `[holdout] port ${env.port} is in use; set PORT to another port.` : `[holdout] server error: ${error.message}`,
  );
  await closeWebServices();
  process.exit(1);
});
server.listen(env.port, env.hostname, () => {
  console.log(`[holdout] ready on http://localhost:${env.port} (${Date.now() - startedAt} ms after start)`);
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[holdout] ${signal}: shutting down`);
  server.close();
  await workerStarted;
  await stopEmbeddedWorker().catch(() => undefined);
  await closeWebServices().catch(() => undefined);
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
