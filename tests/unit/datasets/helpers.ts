import { expect } from 'vitest';
import { DomainError } from '@/server/shared/errors';
import { ingestDelimitedFile } from '@/server/domain/datasets/ingest';
import type { IngestLimits, IngestResult } from '@/server/shared/datasets/types';

export const MB = 1024 * 1024;

/** Feeds `content` in small chunks so chunk-boundary handling is exercised in every test. */
export async function* chunked(content: string | Buffer, size = 7): AsyncGenerator<Buffer> {
  const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

export function ingest(content: string | Buffer, opts: { fileName?: string; maxBytes?: number; limits?: Partial<IngestLimits>; chunkSize?: number } = {}): Promise<IngestResult> {
  return ingestDelimitedFile(chunked(content, opts.chunkSize), {
    fileName: opts.fileName ?? 'data.csv',
    maxBytes: opts.maxBytes ?? 50 * MB,
    limits: opts.limits,
  });
}

/** Asserts a DomainError of `code` whose message matches every pattern. */
export async function expectRejection(promise: Promise<unknown>, patterns: RegExp[], code = 'BAD_INPUT'): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected the file to be rejected').toBeInstanceOf(DomainError);
  const domain = error as DomainError;
  expect(domain.code).toBe(code);
  for (const p of patterns) expect(domain.userMessage).toMatch(p);
  return domain;
}

export function column(result: IngestResult, name: string) {
  const c = result.schema.columns.find((col) => col.name === name);
  if (c === undefined) throw new Error(`no column ${name}`);
  return c;
}
