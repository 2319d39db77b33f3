import type { PgBoss } from 'pg-boss';
import type { Database, DatabaseHandle } from '@/db/client';
import { createListenHub, type ListenHub } from './events/listen-hub';
import { createBoss, type BossOptions } from './queue/boss';
import type { BlobStore } from './storage/blob-store';

/**
 * Everything a Holdout process talks to, built once per process and handed down: to the tRPC
 * context, the HTTP routes and the worker runtime. The queue and the LISTEN session start on
 * first use, so a process that never sends a job opens neither.
 */
export interface Services {
  readonly handle: DatabaseHandle;
  readonly db: Database;
  readonly blobs: BlobStore;
  boss(): Promise<PgBoss>;
  events(): Promise<ListenHub>;
  /** Stops the queue and the LISTEN session, then closes the database. */
  close(): Promise<void>;
}

export function assembleServices(handle: DatabaseHandle, blobs: BlobStore, options: { boss: BossOptions; listenUrl?: string }): Services {
  let boss: Promise<PgBoss> | undefined;
  let events: Promise<ListenHub> | undefined;
  const once = <T,>(start: () => Promise<T>, forget: () => void) =>
    start().catch((error: unknown) => {
      forget();
      throw error;
    });
  return {
    handle,
    db: handle.db,
    blobs,
    boss: () => (boss ??= once(() => createBoss(handle, options.boss), () => (boss = undefined))),
    events: () => (events ??= once(() => createListenHub(handle, options.listenUrl), () => (events = undefined))),
    async close() {
      if (boss) await (await boss.catch(() => null))?.stop({ graceful: true, timeout: 5000 }).catch(() => undefined);
      if (events) await (await events.catch(() => null))?.close();
      await handle.close();
    },
  };
}
