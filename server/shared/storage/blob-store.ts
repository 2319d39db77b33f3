import type { Readable } from 'node:stream';

/** A content-addressed key: the lowercase hex SHA-256 of the blob's bytes. Never derived from user input. */
export type BlobKey = string;

export type BlobSource = Readable | AsyncIterable<Uint8Array> | Uint8Array;

export interface BlobPutResult {
  key: BlobKey;
  size: number;
  /** False when identical bytes were already stored (the write was deduplicated). */
  created: boolean;
}

export interface BlobPutOptions {
  /** Abort with PAYLOAD_TOO_LARGE as soon as more bytes than this arrive. */
  maxBytes?: number;
}

/**
 * Blob bytes live apart from metadata (MLflow's artifact-store split): one interface, a class per
 * backend (local directory now, S3-compatible for scale-out). Missing keys throw NOT_FOUND.
 */
export interface BlobStore {
  /** Streams `data` once, hashing as it goes; the key is known only when the last byte is in. */
  put(data: BlobSource, options?: BlobPutOptions): Promise<BlobPutResult>;
  getStream(key: BlobKey): Promise<Readable>;
  getBuffer(key: BlobKey): Promise<Buffer>;
  has(key: BlobKey): Promise<boolean>;
  /** Returns false when there was nothing to delete. */
  delete(key: BlobKey): Promise<boolean>;
}

const KEY = /^[0-9a-f]{64}$/;

export function isBlobKey(value: string): value is BlobKey {
  return KEY.test(value);
}
