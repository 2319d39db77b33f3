import 'server-only';
import type { IngestLimits } from '../../shared/datasets/types';

export const DEFAULT_INGEST_LIMITS: Readonly<IngestLimits> = {
  maxColumns: 2_000,
  maxFieldChars: 1_000_000,
  // Rows of many moderate fields are legitimate; this only bounds memory for one pending row.
  maxRowChars: 4_000_000,
  maxHeaderNameChars: 256,
  previewRows: 20,
};

/** Bytes gathered before sniffing the format and choosing the delimiter. */
export const HEAD_BYTES = 64 * 1024;

export function resolveLimits(overrides: Partial<IngestLimits> | undefined): IngestLimits {
  return { ...DEFAULT_INGEST_LIMITS, ...overrides };
}
