import 'server-only';
import { EventEmitter } from 'node:events';
import { Client, Pool, type ClientConfig } from 'pg';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { ACTIVITY_CHANNEL } from '@/server/shared/activity/record';
import { logServerError } from '@/server/shared/log';

const noticeSchema = z.object({ teamId: z.uuid(), id: z.number().int(), kind: z.string() });
export type ActivityNotice = z.infer<typeof noticeSchema>;

/**
 * One LISTEN per database per process, fanned out to live feeds. The tRPC context carries
 * only `db` (not the handle, and `services` has no slot for this), so the hub is created
 * lazily from the driver client behind `db` and cached per client: PGlite delivers NOTIFY
 * in-process; on PostgreSQL a dedicated session (outside the pool, which must not be pinned)
 * listens and reconnects. If that fails, `activityHub` resolves null and feeds poll.
 */
export class ActivityHub extends EventEmitter {
  constructor() {
    super();
    this.setMaxListeners(0);
  }

  deliver(payload: string): void {
    try {
      this.emit('notice', noticeSchema.parse(JSON.parse(payload)));
    } catch {
      // Not ours or malformed: ignore.
    }
  }
}

// On globalThis: the start script and Next's bundled route handlers are separate module graphs.
const KEY = Symbol.for('holdout.activityHubs');
type Cache = { [KEY]?: WeakMap<object, Promise<ActivityHub | null>> };

export function activityHub(db: Database): Promise<ActivityHub | null> {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (!client || typeof client !== 'object') return Promise.resolve(null);
  const cache = globalThis as Cache;
  const hubs = (cache[KEY] ??= new WeakMap());
  let hub = hubs.get(client);
  if (!hub) {
    hub = createHub(client).catch((error: unknown) => {
      logServerError('activity listener', error);
      hubs.delete(client);
      return null;
    });
    hubs.set(client, hub);
  }
  return hub;
}

async function createHub(client: object): Promise<ActivityHub | null> {
  const hub = new ActivityHub();
  const pglite = client as { listen?: (channel: string, callback: (payload: string) => void) => Promise<unknown> };
  if (!(client instanceof Pool) && typeof pglite.listen === 'function') {
    await pglite.listen(ACTIVITY_CHANNEL, (payload) => hub.deliver(payload));
    return hub;
  }
  if (!(client instanceof Pool)) return null;
  const config = (client as unknown as { options: ClientConfig }).options;
  const connect = async (attempt: number): Promise<void> => {
    const listener = new Client(config);
    listener.on('notification', (message) => message.payload && hub.deliver(message.payload));
    listener.on('error', (error) => {
      logServerError('activity listener', error);
      void listener.end().catch(() => undefined);
      setTimeout(() => void connect(attempt + 1).catch(() => undefined), Math.min(30_000, 500 * 2 ** attempt)).unref();
    });
    await listener.connect();
    await listener.query(`LISTEN ${ACTIVITY_CHANNEL}`);
  };
  await connect(0);
  return hub;
}

/** Resolves at the team's next activity, after `timeoutMs`, or when `signal` aborts. */
export function nextActivity(hub: ActivityHub | null, teamId: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      hub?.off('notice', onNotice);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const onNotice = (notice: ActivityNotice) => notice.teamId === teamId && done();
    const timer = setTimeout(done, timeoutMs);
    hub?.on('notice', onNotice);
    signal?.addEventListener('abort', done);
  });
}
