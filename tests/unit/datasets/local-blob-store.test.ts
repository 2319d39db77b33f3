import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '@/server/shared/storage/local-blob-store';

describe('LocalBlobStore', () => {
  let root: string;
  beforeEach(async () => {
    root = path.join(await mkdtemp(path.join(tmpdir(), 'holdout-blobs-')), 'nested', 'root');
  });
  afterEach(async () => {
    await rm(path.dirname(path.dirname(root)), { recursive: true, force: true });
  });

  it('stores under the SHA-256 of the bytes, sharded, creating parent folders', async () => {
    const store = new LocalBlobStore(root);
    const data = Buffer.from('a,b\n1,2\n');
    const put = await store.put(Readable.from([data.subarray(0, 3), data.subarray(3)]));
    const key = createHash('sha256').update(data).digest('hex');
    expect(put).toEqual({ key, size: data.length, created: true });
    expect(await readdir(path.join(root, key.slice(0, 2), key.slice(2, 4)))).toEqual([key]);
    expect(await store.getBuffer(key)).toEqual(data);
    const chunks: Buffer[] = [];
    for await (const c of await store.getStream(key)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks)).toEqual(data);
    expect((await store.put(data)).created).toBe(false);
    expect(await readdir(path.join(root, '.tmp'))).toEqual([]);
  });

  it('has/delete and NOT_FOUND', async () => {
    const store = new LocalBlobStore(root);
    const { key } = await store.put(Buffer.from('x'));
    expect(await store.has(key)).toBe(true);
    expect(await store.delete(key)).toBe(true);
    expect(await store.delete(key)).toBe(false);
    await expect(store.getBuffer(key)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses keys that are not hex digests (no path traversal)', async () => {
    const store = new LocalBlobStore(root);
    for (const key of ['../../etc/passwd', `${'a'.repeat(62)}/..`, 'A'.repeat(64)]) {
      await expect(store.getBuffer(key)).rejects.toMatchObject({ code: 'BAD_INPUT' });
      await expect(store.has(key)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    }
  });

  it('aborts an oversized put and leaves no temp file', async () => {
    const store = new LocalBlobStore(root);
    async function* big() {
      for (let i = 0; i < 100; i++) yield Buffer.alloc(1024);
    }
    await expect(store.put(big(), { maxBytes: 10_000 })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(await readdir(path.join(root, '.tmp'))).toEqual([]);
  });
});
