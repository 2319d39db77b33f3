import 'server-only';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DomainError } from '../../shared/errors';
import { DatasetBuilder } from './dataset-builder';
import { DelimitedReader } from './delimited-reader';
import { sanitizeDisplayFileName } from './file-name';
import { badInput, formatCount } from '../../shared/datasets/ingest-errors';
import { HEAD_BYTES, resolveLimits } from './ingest-limits';
import type { Delimiter, IngestOptions, IngestResult } from '../../shared/datasets/types';

export type IngestInput = AsyncIterable<Buffer | Uint8Array | string> | Readable;

/**
 * Reads a delimited text file once, as a stream: enforces `maxBytes` before each chunk is parsed,
 * hashes it, validates it, and builds typed columns plus schema and statistics. Throws DomainError
 * (BAD_INPUT, or PAYLOAD_TOO_LARGE) naming the row, column and expectation of the first problem.
 * Formula-like cells are kept as plain text: escape them with `escapeSpreadsheetCell` on export.
 */
export async function ingestDelimitedFile(input: IngestInput, opts: IngestOptions): Promise<IngestResult> {
  const limits = resolveLimits(opts.limits);
  const warnings: string[] = [];
  const hash = createHash('sha256');
  const builder: DatasetBuilder = new DatasetBuilder(limits, (): Delimiter => reader.delimiter, warnings);
  const reader: DelimitedReader = new DelimitedReader(limits, builder);
  let byteSize = 0;
  let startsWithBom = false;
  let head: Buffer[] = [];
  let headBytes = 0;
  let started = false;

  // Leaving this loop by throwing calls the iterator's return(), which destroys a Readable source.
  for await (const raw of input as AsyncIterable<Buffer | Uint8Array | string>) {
    const chunk = toBuffer(raw);
    if (byteSize === 0 && chunk.length > 0) startsWithBom = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
    byteSize += chunk.length;
    if (byteSize > opts.maxBytes) {
      throw new DomainError(
        'PAYLOAD_TOO_LARGE',
        `The file is larger than the ${formatBytes(opts.maxBytes)} limit (stopped reading after ${formatBytes(byteSize)}); expected at most ${formatBytes(opts.maxBytes)}.`,
      );
    }
    hash.update(chunk);
    if (started) {
      reader.feed(chunk);
      continue;
    }
    head.push(chunk);
    headBytes += chunk.length;
    if (headBytes >= HEAD_BYTES) {
      reader.start(Buffer.concat(head), false);
      head = [];
      started = true;
    }
  }
  if (byteSize === 0) throw badInput('The file is empty (0 bytes); expected a header row and at least one data row.');
  if (!started) reader.start(Buffer.concat(head), true);
  reader.end();
  if (!reader.hasContent) {
    throw badInput(
      byteSize === 3 && startsWithBom
        ? 'The file contains only a byte-order mark; expected a header row and data rows.'
        : `The file contains only whitespace (${formatCount(byteSize)} bytes); expected a header row and data rows.`,
    );
  }
  const built = builder.finish();
  return {
    displayName: sanitizeDisplayFileName(opts.fileName),
    schema: built.schema,
    preview: built.preview,
    rowCount: built.schema.rowCount,
    sha256: hash.digest('hex'),
    byteSize,
    delimiter: reader.delimiter,
    warnings,
    columns: built.columns,
  };
}

function toBuffer(chunk: Buffer | Uint8Array | string): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${n} bytes`;
}
