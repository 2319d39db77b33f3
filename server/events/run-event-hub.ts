import 'server-only';
import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import { z } from 'zod';
import type { DatabaseHandle } from '@/db/client';
import { EVENTS_CHANNEL } from '@/server/shared/runs/notify';
import { logServerError } from '@/server/shared/log';

export const runEventSchema = z.object({ teamId: z.uuid(), runId: z.uuid(), kind: z.enum(['status', 'epoch', 'log']) });
export type RunEvent = z.infer<typeof runEventSchema>;

/**
 * Each web process LISTENs once and fans NOTIFYs out to its subscriptions. PGlite delivers
 * notifications in-process; on PostgreSQL a dedicated session listens and reconnects if
 * dropped (subscriptions also re-read on a slow timer, so a missed NOTIFY delays, never loses).
 */
export class RunEventHub extends EventEmitter {
  constructor() {
    super();
    this.setMaxListeners(0);
  }

  deliver(payload: string): void {
    try {
      const event = runEventSchema.parse(JSON.parse(payload));
      this.emit('event', event);
    } catch {
      // Not ours or malformed: ignore.
    }
  }
}

const KEY = Symbol.for('holdout.runEventHub');
type Cache = { [KEY]?: Promise<RunEventHub> };

export function getRunEventHub(handle: DatabaseHandle, postgresUrl?: string): Promise<RunEventHub> {
  const cache = globalThis as Cache;
  cache[KEY] ??= createRunEventHub(handle, postgresUrl);
  return cache[KEY];
}

/** A hub listening on `handle`'s database; `getRunEventHub` keeps one per process. */
export async function createRunEventHub(handle: DatabaseHandle, postgresUrl?: string): Promise<RunEventHub> {
  const hub = new RunEventHub();
  if (handle.kind === 'pglite') {
    await handle.pglite!.listen(EVENTS_CHANNEL, (payload) => hub.deliver(payload));
    return hub;
  }
  const connect = async (attempt: number): Promise<void> => {
    const client = new Client({ connectionString: postgresUrl });
    client.on('notification', (message) => message.payload && hub.deliver(message.payload));
    client.on('error', (error) => {
      logServerError('event listener', error);
      void client.end().catch(() => undefined);
      setTimeout(() => void connect(attempt + 1).catch(() => undefined), Math.min(30_000, 500 * 2 ** attempt)).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
  };
  await connect(0);
  return hub;
}

/** Resolves at the next event matching `filter`, after `timeoutMs`, or when `signal` aborts. */
export function nextEvent(hub: RunEventHub, filter: (event: RunEvent) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      hub.off('event', onEvent);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const onEvent = (event: RunEvent) => filter(event) && done();
    const timer = setTimeout(done, timeoutMs);
    hub.on('event', onEvent);
    signal?.addEventListener('abort', done);
  });
}

/** Every matching event until `signal` aborts, buffered so none is missed between reads. */
export async function* eventStream(hub: RunEventHub, filter: (event: RunEvent) => boolean, signal?: AbortSignal): AsyncGenerator<RunEvent> {
  const buffer: RunEvent[] = [];
  let wake: (() => void) | null = null;
  const onEvent = (event: RunEvent) => {
    if (!filter(event)) return;
    buffer.push(event);
    wake?.();
  };
  const onAbort = () => wake?.();
  hub.on('event', onEvent);
  signal?.addEventListener('abort', onAbort);
  try {
    while (!signal?.aborted) {
      const event = buffer.shift();
      if (event) {
        yield event;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    hub.off('event', onEvent);
    signal?.removeEventListener('abort', onAbort);
  }
}
