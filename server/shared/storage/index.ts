import { loadServerEnv } from '@/server/shared/env';
import type { BlobStore } from './blob-store';
import { LocalBlobStore } from './local-blob-store';

const KEY = Symbol.for('holdout.blobStore');
type Cache = { [KEY]?: BlobStore };

/** The process's blob store: a local directory (shared storage when web and workers are scaled out). */
export function getBlobStore(): BlobStore {
  const cache = globalThis as Cache;
  cache[KEY] ??= new LocalBlobStore(loadServerEnv().blobDir);
  return cache[KEY];
}
