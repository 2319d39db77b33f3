import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { DatabaseHandle } from '@/db/client';
import { handleApiV1 } from '@/server/api/http-v1/handler';
import { handleMlflow } from '@/server/api/mlflow/handler';
import { TokenRateLimiter } from '@/server/api/http-v1/rate-limit';
import { servicesFor } from './test-database';

/**
 * The /api/v1 and MLflow (/api/2.0) handlers behind a real HTTP port on the test database, so the clients in clients/
 * (the Python one in a python3 process) talk to it over sockets exactly as to a running app.
 */
export async function startApiServer(handle: DatabaseHandle): Promise<{ url: string; close(): Promise<void> }> {
  const limiter = new TokenRateLimiter(1e6, 1e6);
  const server = http.createServer((req, res) => {
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v] as [string, string]])),
      body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
      duplex: 'half',
    } as RequestInit);
    const answer = req.url?.startsWith('/api/2.0/') ? handleMlflow(request, servicesFor(handle)) : handleApiV1(request, servicesFor(handle), { rateLimiter: limiter });
    answer
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
