import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import { z } from 'zod';
import type { DatabaseHandle } from '@/db/client';
import { ACTIVITY_CHANNEL } from '../activity/record';
import { logServerError } from '../log';
import { EVENTS_CHANNEL, RUN_CHANGE_KINDS } from '../runs/notify';

/**
 * The NOTIFY channels live pages follow, each with the schema of its payload (ids only: a
 * subscription re-reads what changed). Adding a channel here is all a new stream needs.
 */
export const CHANNELS = {
  runs: { name: EVENTS_CHANNEL, payload: z.object({ teamId: z.uuid(), runId: z.uuid(), kind: z.enum(RUN_CHANGE_KINDS) }) },
  activity: { name: ACTIVITY_CHANNEL, payload: z.object({ teamId: z.uuid(), id: z.number().int(), kind: z.string() }) },
} as const;
export type Channel = keyof typeof CHANNELS;
export type ChannelEvent<C extends Channel> = z.infer<(typeof CHANNELS)[C]['payload']>;
export type RunEvent = ChannelEvent<'runs'>;

/**
 * Each web process LISTENs once, on every channel, and fans notifications out to its
 * subscriptions. PGlite delivers them in-process; on PostgreSQL one dedicated session (outside
 * the pool, which must not be pinned) listens and reconnects with backoff if dropped.
 * Subscriptions also re-read on a slow timer, so a missed NOTIFY delays an update, never loses it.
 */
export class ListenHub extends EventEmitter {
  /** Ends the listening session (PostgreSQL); set by createListenHub. */
  close: () => Promise<void> = async () => undefined;

  constructor() {
    super();
    this.setMaxListeners(0);
  }

  deliver(channelName: string, payload: string): void {
    const entry = Object.entries(CHANNELS).find(([, c]) => c.name === channelName);
    if (!entry) return;
    try {
      this.emit(entry[0], entry[1].payload.parse(JSON.parse(payload)));
    } catch {
      // Malformed: ignore.
    }
  }
}

/** A hub listening on `handle`'s database (PostgreSQL: through its own session to `postgresUrl`). */
export async function createListenHub(handle: DatabaseHandle, postgresUrl?: string): Promise<ListenHub> {
  const hub = new ListenHub();
  const names = Object.values(CHANNELS).map((c) => c.name);
  if (handle.kind === 'pglite') {
    for (const name of names) await handle.pglite!.listen(name, (payload) => hub.deliver(name, payload));
    return hub;
  }
  let current: Client | null = null;
  let closed = false;
  const connect = async (attempt: number): Promise<void> => {
    if (closed) return;
    const client = new Client({ connectionString: postgresUrl });
    current = client;
    client.on('notification', (message) => message.payload && hub.deliver(message.channel, message.payload));
    client.on('error', (error) => {
      if (closed) return;
      logServerError('event listener', error);
      void client.end().catch(() => undefined);
      setTimeout(() => void connect(attempt + 1).catch(() => undefined), Math.min(30_000, 500 * 2 ** attempt)).unref();
    });
    await client.connect();
    for (const name of names) await client.query(`LISTEN ${name}`);
  };
  await connect(0);
  hub.close = async () => {
    closed = true;
    await current?.end().catch(() => undefined);
  };
  return hub;
}

/** Resolves at the next event on `channel` matching `filter`, after `timeoutMs`, or when `signal` aborts. */
export function nextEvent<C extends Channel>(hub: ListenHub, channel: C, filter: (event: ChannelEvent<C>) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      hub.off(channel, onEvent);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const onEvent = (event: ChannelEvent<C>) => filter(event) && done();
    const timer = setTimeout(done, timeoutMs);
    hub.on(channel, onEvent);
    signal?.addEventListener('abort', done);
  });
}

/** Every matching event on `channel` until `signal` aborts, buffered so none is missed between reads. */
export async function* eventStream<C extends Channel>(hub: ListenHub, channel: C, filter: (event: ChannelEvent<C>) => boolean, signal?: AbortSignal): AsyncGenerator<ChannelEvent<C>> {
  const buffer: ChannelEvent<C>[] = [];
  let wake: (() => void) | null = null;
  const onEvent = (event: ChannelEvent<C>) => {
    if (!filter(event)) return;
    buffer.push(event);
    wake?.();
  };
  const onAbort = () => wake?.();
  hub.on(channel, onEvent);
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
    hub.off(channel, onEvent);
    signal?.removeEventListener('abort', onAbort);
  }
}
