/**
 * Holdout's TypeScript client: a script that trains elsewhere joins a team's frozen split.
 *
 *   const holdout = connect({ url: process.env.HOLDOUT_URL, token: process.env.HOLDOUT_TOKEN });
 *   const train = await holdout.splitRows(splitId, 'train');   // features and labels
 *   const run = await holdout.run({ split: splitId, name: 'torch mlp', config: { lr: 1e-3 } });
 *   run.log({ loss: 0.41, devAccuracy: 0.88 }, { step: 3 });  // batched in the background
 *   await run.predictDev(predictions);                         // the server scores these
 *   await run.finish();
 *
 * Logged points are sent in batches (every second, or at 1,000 points), retried with backoff on
 * network errors, 429 and 5xx (the server takes a retried batch idempotently), and spooled to disk
 * while the server stays unreachable, to be sent first on the next flush, even by a later process.
 * Node 20+ (global fetch); no dependencies. Types come from the server's own schemas.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import type { externalRunCreateInput, metricPointSchema } from '../../server/shared/runs/external-run-input';

export type MetricPoint = z.input<typeof metricPointSchema>;
export type RunCreate = Omit<z.input<typeof externalRunCreateInput>, 'splitId'> & { split: string };
export type SplitPart = 'train' | 'dev' | 'test';

export interface ConnectOptions {
  /** The app's address, e.g. http://localhost:3000 (HOLDOUT_URL). */
  url?: string;
  /** An API token from the account page (HOLDOUT_TOKEN). */
  token?: string;
  /** Where batches wait while the server is unreachable (default: ~/.holdout/spool). */
  spoolDir?: string;
  /** Tries per request before a batch is spooled (or an error thrown). */
  retries?: number;
  /** For tests and custom transports. */
  fetch?: typeof fetch;
  /** Background flush period. */
  flushIntervalMs?: number;
}

/** A refusal from the server: `message` names the field and row, as the API says it. */
export class HoldoutError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HoldoutError';
  }
}

const MAX_BATCH = 1000;

export interface Rows {
  columns: string[];
  /** One array per row, in `columns` order: numbers where the column is numeric, else text (null when missing). */
  rows: (string | number | null)[][];
}

export class Holdout {
  readonly url: string;
  readonly teamId: Promise<string>;
  private readonly token: string;
  private readonly fetchImpl: typeof fetch;
  readonly spoolDir: string;
  readonly retries: number;
  readonly flushIntervalMs: number;

  constructor(options: ConnectOptions = {}) {
    const url = options.url ?? process.env.HOLDOUT_URL;
    const token = options.token ?? process.env.HOLDOUT_TOKEN;
    if (!url) throw new Error('Holdout: set HOLDOUT_URL (or pass url), e.g. http://localhost:3000');
    if (!token) throw new Error('Holdout: set HOLDOUT_TOKEN (or pass token): create one on your account page');
    this.url = url.replace(/\/+$/, '');
    this.token = token;
    this.fetchImpl = options.fetch ?? fetch;
    this.spoolDir = options.spoolDir ?? path.join(os.homedir(), '.holdout', 'spool');
    this.retries = options.retries ?? 5;
    this.flushIntervalMs = options.flushIntervalMs ?? 1000;
    this.teamId = this.request<{ id: string }[]>('GET', '/teams').then((teams) => teams[0]!.id);
    this.teamId.catch(() => undefined); // Reported by the first call that needs it.
  }

  /** One API call, retried with exponential backoff on network errors, 429 (after Retry-After) and 5xx. */
  async request<T>(method: string, route: string, body?: unknown, raw?: { bytes: Uint8Array; contentType: string }): Promise<T> {
    let attempt = 0;
    for (;;) {
      let response: Response;
      try {
        response = await this.fetchImpl(`${this.url}/api/v1${route}`, {
          method,
          headers: {
            authorization: `Bearer ${this.token}`,
            ...(body !== undefined ? { 'content-type': 'application/json' } : raw ? { 'content-type': raw.contentType } : {}),
          },
          body: body !== undefined ? JSON.stringify(body) : raw ? (raw.bytes as Uint8Array<ArrayBuffer>) : undefined,
        });
      } catch (error) {
        if (++attempt >= this.retries) throw new HoldoutError(0, 'UNREACHABLE', `Holdout at ${this.url} is unreachable: ${(error as Error).message}`);
        await sleep(backoff(attempt));
        continue;
      }
      if (response.ok) {
        const type = response.headers.get('content-type') ?? '';
        return (type.includes('json') ? await response.json() : await response.text()) as T;
      }
      const retryable = response.status === 429 || response.status >= 500;
      if (retryable && ++attempt < this.retries) {
        const after = Number(response.headers.get('retry-after'));
        await sleep(Number.isFinite(after) && after > 0 ? after * 1000 : backoff(attempt));
        continue;
      }
      const error = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
      throw new HoldoutError(response.status, error?.error?.code ?? String(response.status), error?.error?.message ?? response.statusText);
    }
  }

  /** A split's rows: train and dev with their label (the last column), test with features only. */
  async splitRows(splitId: string, part: SplitPart): Promise<Rows> {
    const team = await this.teamId;
    return parseCsv(await this.request<string>('GET', `/teams/${team}/splits/${splitId}/data/${part}`));
  }

  async split(splitId: string): Promise<Record<string, unknown>> {
    return this.request('GET', `/teams/${await this.teamId}/splits/${splitId}`);
  }

  async leaderboard(splitId: string): Promise<{ rows: { runId: string; rank: number; score: number; runName: string }[] }> {
    return this.request('GET', `/teams/${await this.teamId}/splits/${splitId}/leaderboard`);
  }

  /** Starts an external run on a split (status running). */
  async run(input: RunCreate): Promise<Run> {
    const { split, ...rest } = input;
    const team = await this.teamId;
    const created = await this.request<{ id: string; number: number }>('POST', `/teams/${team}/runs`, { splitId: split, ...rest });
    return new Run(this, team, created.id, created.number);
  }

  /** Sends batches spooled by earlier (interrupted) processes; each is idempotent on the server. */
  async replaySpool(): Promise<number> {
    let sent = 0;
    for (const file of await spooledFiles(this.spoolDir)) {
      const batch = JSON.parse(await fs.readFile(file, 'utf8')) as { url: string; teamId: string; runId: string; points: MetricPoint[] };
      if (batch.url !== this.url) continue;
      try {
        await this.request('POST', `/teams/${batch.teamId}/runs/${batch.runId}/metrics`, { points: batch.points });
      } catch (error) {
        if (error instanceof HoldoutError && error.status === 0) return sent; // Still unreachable: keep the rest.
        // Refused for good (run ended, bad points): keep the file aside for a person to look at.
        await fs.rename(file, `${file}.refused`).catch(() => undefined);
        continue;
      }
      await fs.rm(file, { force: true });
      sent++;
    }
    return sent;
  }
}

export class Run {
  private pending: MetricPoint[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly onExit = () => void this.flush();

  constructor(
    private readonly client: Holdout,
    readonly teamId: string,
    readonly id: string,
    readonly number: number,
  ) {
    process.once('beforeExit', this.onExit);
  }

  private route(suffix: string): string {
    return `/teams/${this.teamId}/runs/${this.id}${suffix}`;
  }

  /** Queues one value per metric at `step`; sent in the background. */
  log(metrics: Record<string, number>, options: { step: number }): void {
    for (const [key, value] of Object.entries(metrics)) this.pending.push({ key, step: options.step, value });
    if (this.pending.length >= MAX_BATCH) void this.flush();
    else if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.client.flushIntervalMs);
  }

  /** Sends everything queued so far (spooling to disk what cannot be sent). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flushing = this.flushing.then(async () => {
      await this.client.replaySpool();
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, MAX_BATCH);
        try {
          await this.client.request('POST', this.route('/metrics'), { points: batch });
        } catch (error) {
          if (!(error instanceof HoldoutError) || error.status !== 0) throw error;
          await spool(this.client.spoolDir, { url: this.client.url, teamId: this.teamId, runId: this.id, points: [...batch, ...this.pending.splice(0)] });
        }
      }
    });
    return this.flushing;
  }

  logParams(params: Record<string, unknown>): Promise<{ params: number }> {
    return this.client.request('POST', this.route('/params'), { params });
  }

  /** One prediction per dev row, in the order of the dev download; returns the server's score. */
  async predictDev(predictions: (string | number)[]): Promise<{ accuracy: number | null; rmse: number | null; devCount: number }> {
    return this.client.request('POST', this.route('/dev-predictions'), { predictions });
  }

  /** The run's test evaluation: spends the split's test budget once per distinct set of predictions. */
  async requestTest(predictions: (string | number)[], reason?: string): Promise<{ outcome: string; score: number | null; ciLow: number | null; ciHigh: number | null; reused: boolean }> {
    return this.client.request('POST', this.route('/test-evaluations'), { predictions, reason });
  }

  async uploadArtifact(artifactPath: string, bytes: Uint8Array | string, contentType = 'application/octet-stream'): Promise<{ path: string; sizeBytes: number }> {
    const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
    return this.client.request('PUT', this.route(`/artifacts/${artifactPath.split('/').map(encodeURIComponent).join('/')}`), undefined, { bytes: data, contentType });
  }

  /** Flushes, then ends the run (succeeded unless told otherwise). */
  async finish(status: 'succeeded' | 'failed' | 'cancelled' = 'succeeded', reason?: string): Promise<void> {
    await this.flush();
    process.removeListener('beforeExit', this.onExit);
    await this.client.request('POST', this.route('/status'), { status, reason });
  }
}

export function connect(options: ConnectOptions = {}): Holdout {
  return new Holdout(options);
}

function backoff(attempt: number): number {
  return Math.min(10_000, 200 * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function spool(dir: string, batch: { url: string; teamId: string; runId: string; points: MetricPoint[] }): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const name = `${Date.now()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.json`;
  await fs.writeFile(path.join(dir, `${name}.tmp`), JSON.stringify(batch));
  await fs.rename(path.join(dir, `${name}.tmp`), path.join(dir, name));
}

async function spooledFiles(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.json')).sort().map((n) => path.join(dir, n));
}

/** The API's CSV (RFC 4180; numbers unquoted) into columns and typed rows. */
export function parseCsv(text: string): Rows {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\n') record.push(field), records.push(record), (record = []), (field = '');
    else if (c !== '\r') field += c;
  }
  if (field !== '' || record.length) record.push(field), records.push(record);
  const [columns = [], ...rows] = records;
  return { columns, rows: rows.map((r) => r.map((v) => (v === '' ? null : /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(v) ? Number(v) : v))) };
}
