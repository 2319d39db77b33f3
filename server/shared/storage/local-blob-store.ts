import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { DomainError } from '../errors';
import { isBlobKey, type BlobKey, type BlobPutOptions, type BlobPutResult, type BlobSource, type BlobStore } from './blob-store';

/**
 * Blobs as files under `root/ab/cd/<sha256>`: two levels of 256-way sharding keep directories
 * small. Writes go to `root/.tmp` (same filesystem) and are renamed into place, so a reader never
 * sees a partial blob and a crash leaves only temp files behind. Paths come from validated hex keys
 * only, never from file names, so no input can escape `root`.
 */
export class LocalBlobStore implements BlobStore {
  private readonly root: string;
  private readonly tmpDir: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.tmpDir = path.join(this.root, '.tmp');
  }

  async put(data: BlobSource, options: BlobPutOptions = {}): Promise<BlobPutResult> {
    await mkdir(this.tmpDir, { recursive: true });
    const tmp = path.join(this.tmpDir, `${randomBytes(16).toString('hex')}.part`);
    const hash = createHash('sha256');
    const file = await open(tmp, 'wx');
    let size = 0;
    try {
      for await (const chunk of asChunks(data)) {
        size += chunk.byteLength;
        if (options.maxBytes !== undefined && size > options.maxBytes) {
          throw new DomainError('PAYLOAD_TOO_LARGE', `The upload is larger than the ${options.maxBytes}-byte limit.`);
        }
        hash.update(chunk);
        await file.write(chunk);
      }
      // Durable before visible: the rename must never publish bytes still in the page cache only.
      await file.sync();
    } catch (error) {
      await file.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
      throw error;
    }
    await file.close();
    const key = hash.digest('hex');
    const target = this.pathFor(key);
    if (await exists(target)) {
      await unlink(tmp);
      return { key, size, created: false };
    }
    await mkdir(path.dirname(target), { recursive: true });
    // Concurrent puts of the same bytes both rename onto the same name: identical content, no harm.
    await rename(tmp, target);
    return { key, size, created: true };
  }

  async getStream(key: BlobKey): Promise<Readable> {
    const file = this.pathFor(key);
    if (!(await exists(file))) throw notFound(key);
    return createReadStream(file);
  }

  async getBuffer(key: BlobKey): Promise<Buffer> {
    try {
      return await readFile(this.pathFor(key));
    } catch (error) {
      if (isNoEntry(error)) throw notFound(key);
      throw error;
    }
  }

  async has(key: BlobKey): Promise<boolean> {
    return exists(this.pathFor(key));
  }

  async delete(key: BlobKey): Promise<boolean> {
    const file = this.pathFor(key);
    if (!(await exists(file))) return false;
    await rm(file, { force: true });
    return true;
  }

  /** The only way a key becomes a path. */
  private pathFor(key: BlobKey): string {
    if (!isBlobKey(key)) throw new DomainError('BAD_INPUT', 'Invalid blob key: expected 64 lowercase hex characters.');
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }
}

async function* asChunks(data: BlobSource): AsyncIterable<Uint8Array> {
  if (data instanceof Uint8Array) {
    yield data;
    return;
  }
  for await (const chunk of data as AsyncIterable<Uint8Array | string>) {
    yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch (error) {
    if (isNoEntry(error)) return false;
    throw error;
  }
}

function isNoEntry(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function notFound(key: string): DomainError {
  return new DomainError('NOT_FOUND', 'The requested file is not stored.', { key });
}
