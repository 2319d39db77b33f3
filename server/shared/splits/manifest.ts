import { createHash } from 'node:crypto';
import { DomainError } from '../errors';
import { parseSplitDefinition } from './assign-split';
import type { SplitAssignment } from './types';

/**
 * Manifest layout (version 1), all stored and hashed byte for byte:
 *   0..3   ASCII "HSPL"
 *   4      format version (1)
 *   5..7   zero
 *   8..15  rowCount, unsigned 64-bit little-endian
 *   16..   one byte per data row: 0 train, 1 dev, 2 test
 * The manifest holds the assignment only, so two definitions that happen to produce the same
 * rows (say, an explicit column that reproduces an old random split) share a manifest hash:
 * that hash answers "same rows?", the definition hash answers "same recipe?".
 */
export const MANIFEST_FORMAT_VERSION = 1;
/**
 * Bump when any strategy would assign rows differently for the same definition (a new PRNG, a
 * different rounding rule): the definition hash then changes too, so an old hash never claims
 * to reproduce rows the new code would not.
 */
export const SPLIT_ALGORITHM_VERSION = 1;
const MAGIC = [0x48, 0x53, 0x50, 0x4c];
const HEADER_BYTES = 16;

export type DecodedManifest = { readonly formatVersion: number; readonly rowCount: number; readonly assignment: SplitAssignment };

export function encodeManifest(assignment: SplitAssignment): Uint8Array {
  const bytes = new Uint8Array(HEADER_BYTES + assignment.length);
  bytes.set(MAGIC, 0);
  bytes[4] = MANIFEST_FORMAT_VERSION;
  new DataView(bytes.buffer).setBigUint64(8, BigInt(assignment.length), true);
  for (let i = 0; i < assignment.length; i++) {
    const part = assignment[i]!;
    if (part > 2) {
      throw new DomainError('BAD_INPUT', `Assignment has part code ${part} at data row ${i + 1}; only 0 (train), 1 (dev) and 2 (test) are valid.`);
    }
  }
  bytes.set(assignment, HEADER_BYTES);
  return bytes;
}

/** Reads a manifest back, refusing anything truncated, foreign or from a newer format. */
export function decodeManifest(bytes: Uint8Array): DecodedManifest {
  if (bytes.length < HEADER_BYTES || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new DomainError('BAD_INPUT', 'Not a split manifest (missing the HSPL header).');
  }
  const formatVersion = bytes[4]!;
  if (formatVersion !== MANIFEST_FORMAT_VERSION) {
    throw new DomainError('BAD_INPUT', `Split manifest format version ${formatVersion} is not supported (expected ${MANIFEST_FORMAT_VERSION}).`);
  }
  const rowCount = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(8, true));
  if (bytes.length !== HEADER_BYTES + rowCount) {
    throw new DomainError('BAD_INPUT', `Split manifest says ${rowCount} rows but holds ${bytes.length - HEADER_BYTES}.`);
  }
  const assignment = bytes.slice(HEADER_BYTES);
  const bad = assignment.findIndex((b) => b > 2);
  if (bad >= 0) throw new DomainError('BAD_INPUT', `Split manifest has part code ${assignment[bad]} at data row ${bad + 1}.`);
  return { formatVersion, rowCount, assignment };
}

/** Row indices of an assignment, ascending, whose part code `keep` accepts. */
export function rowsWhere(assignment: SplitAssignment, keep: (part: number) => boolean): Uint32Array {
  let n = 0;
  for (let i = 0; i < assignment.length; i++) if (keep(assignment[i]!)) n++;
  const rows = new Uint32Array(n);
  for (let i = 0, j = 0; i < assignment.length; i++) if (keep(assignment[i]!)) rows[j++] = i;
  return rows;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** SHA-256 of the encoded manifest: the split's identity, stored on every run. */
export function hashManifest(manifest: Uint8Array): string {
  return sha256Hex(manifest);
}

/**
 * JSON with object keys sorted by UTF-16 code unit at every depth and no whitespace. Numbers use
 * ECMAScript's shortest round-trip form, which is the same in every engine; values JSON cannot
 * represent exactly (NaN, Infinity, undefined, functions) are refused rather than dropped.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DomainError('BAD_INPUT', `Cannot canonicalize the number ${value}.`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new DomainError('BAD_INPUT', `Cannot canonicalize a value of type ${typeof value}.`);
}

/**
 * Hash of the recipe: strategy, its parameters, seed and the dataset version it was applied to.
 * The definition is validated first, so { seed: 1, strategy: 'random', … } and the same keys in
 * another order hash alike, and unknown keys cannot sneak into the hash.
 */
export function hashSplitDefinition(definition: unknown, datasetVersionHash: string): string {
  if (typeof datasetVersionHash !== 'string' || datasetVersionHash.length === 0) {
    throw new DomainError('BAD_INPUT', 'Dataset version hash must be a non-empty string.');
  }
  const parsed = parseSplitDefinition(definition);
  return sha256Hex(canonicalJson({ algorithmVersion: SPLIT_ALGORITHM_VERSION, datasetVersionHash, definition: parsed }));
}
