import 'server-only';
import { badInput } from '../../shared/datasets/ingest-errors';

interface Signature {
  bytes: number[];
  what: string;
}

// Formats people upload by mistake, named so the message tells them what to export instead.
const SIGNATURES: Signature[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file (decompress it first)' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive or an Excel .xlsx workbook (export the sheet as CSV)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel .xls workbook (export the sheet as CSV)' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' },
  { bytes: [0x50, 0x41, 0x52, 0x31], what: 'a Parquet file' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: 'an SQLite database' },
  { bytes: [0x42, 0x5a, 0x68], what: 'a bzip2-compressed file (decompress it first)' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a], what: 'an xz-compressed file (decompress it first)' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'a zstd-compressed file (decompress it first)' },
  { bytes: [0xff, 0xfe], what: 'UTF-16 text (save it as UTF-8)' },
  { bytes: [0xfe, 0xff], what: 'UTF-16 text (save it as UTF-8)' },
];

/** Rejects well-known binary formats by their first bytes, before any parsing. */
export function rejectKnownBinaryFormat(head: Uint8Array): void {
  for (const sig of SIGNATURES) {
    if (head.length >= sig.bytes.length && sig.bytes.every((b, i) => head[i] === b)) {
      throw badInput(`The file looks like ${sig.what}, not delimited text; expected a UTF-8 CSV or TSV file.`);
    }
  }
}

/** Many NULs near the start mean UTF-16 without a byte-order mark rather than random binary. */
export function looksLikeUtf16(head: Uint8Array): boolean {
  const n = Math.min(head.length, 1024);
  let zeros = 0;
  for (let i = 0; i < n; i++) if (head[i] === 0) zeros++;
  return n >= 4 && zeros / n > 0.25;
}

/**
 * Offset of the first byte that breaks UTF-8 in `bytes`, or -1. Continuation bytes at the very start
 * are skipped: they complete a character begun in the previous chunk, which the streaming decoder
 * already accepted.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < 3 && i < bytes.length && ((bytes[i] ?? 0) & 0xc0) === 0x80) i++;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return -1; // truncated at the chunk end: the next chunk decides
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k] ?? 0;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

export function hexByte(b: number | undefined): string {
  return `0x${(b ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;
}
