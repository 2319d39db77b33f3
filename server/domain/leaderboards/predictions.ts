import 'server-only';
import { z } from 'zod';
import type { BlobStore } from '@/server/shared/storage/blob-store';

/** Dev predictions of one run, ordered by dataset row index so that runs line up row by row. */
export interface DevPredictions {
  rows: Int32Array;
  predicted: Float64Array;
  actual: Float64Array;
}

/** What workers/handler/train-handler.ts `serializePredictions` writes. */
const blobSchema = z
  .object({
    kind: z.enum(['classification', 'regression']),
    rows: z.array(z.number().int().min(0)),
    predicted: z.array(z.number()),
    actual: z.array(z.number()),
  })
  .refine((b) => b.rows.length === b.predicted.length && b.rows.length === b.actual.length, 'rows, predicted and actual differ in length');

function parse(bytes: Buffer): DevPredictions | null {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  const blob = blobSchema.safeParse(json);
  if (!blob.success) return null;
  const { rows, predicted, actual } = blob.data;
  const order = rows.map((_, i) => i).sort((a, b) => (rows[a] as number) - (rows[b] as number));
  return {
    rows: Int32Array.from(order, (i) => rows[i] as number),
    predicted: Float64Array.from(order, (i) => predicted[i] as number),
    actual: Float64Array.from(order, (i) => actual[i] as number),
  };
}

/** True when both runs were scored on exactly the same dev rows. */
export function sameRows(a: DevPredictions, b: DevPredictions): boolean {
  if (a.rows.length !== b.rows.length) return false;
  for (let i = 0; i < a.rows.length; i++) if (a.rows[i] !== b.rows[i]) return false;
  return true;
}

/**
 * Loads prediction blobs for one request. Keys are content hashes, so identical predictions are
 * read once; a missing or unreadable blob yields null (the run is shown without CI or test)
 * instead of failing the whole leaderboard.
 */
export function predictionLoader(blobs: BlobStore) {
  const cache = new Map<string, Promise<DevPredictions | null>>();
  const load = (key: string | null): Promise<DevPredictions | null> => {
    if (!key) return Promise.resolve(null);
    let hit = cache.get(key);
    if (!hit) {
      hit = blobs.getBuffer(key).then(parse, () => null);
      cache.set(key, hit);
    }
    return hit;
  };
  /** Loads many, at most `concurrency` blob reads at a time, preserving order. */
  const loadAll = async (keys: (string | null)[], concurrency = 8): Promise<(DevPredictions | null)[]> => {
    const out: (DevPredictions | null)[] = new Array(keys.length).fill(null);
    let next = 0;
    const worker = async () => {
      while (next < keys.length) {
        const i = next++;
        out[i] = await load(keys[i] ?? null);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, keys.length) }, worker));
    return out;
  };
  return { load, loadAll };
}
