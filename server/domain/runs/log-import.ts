import 'server-only';
import { DomainError } from '@/server/shared/errors';
import { API_MAX_POINTS_PER_BATCH } from '@/server/shared/api-limits';
import { KerasCsvError, readKerasCsv } from '@/server/shared/imports/keras-csv';
import { EventFileError, readEventFile, type ScalarPoint } from '@/server/shared/imports/tfevents';
import type { Database } from '@/db/client';
import { logExternalMetrics } from './external-metrics';
import { lockExternalRun, type Actor } from './external';
import { curveNameOf } from './logged-curves';

/**
 * Logs people already have, into an external run's curves: Keras CSVLogger files and TensorBoard
 * event files (TF2, tensorboardX, PyTorch). A preview says which tags become which curves before
 * anything is stored; the import then logs the points through the same idempotent batches as a
 * script (importing a file twice changes nothing).
 */
export const LOG_FORMATS = ['auto', 'keras-csv', 'tfevents'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
export const MAX_LOG_FILE_BYTES = 64 * 1024 * 1024;

export interface LogFile {
  /** The file's name as uploaded (a folder prefix such as "validation/" is kept and prefixes its tags). */
  name: string;
  bytes: Uint8Array;
  format?: LogFormat;
}

export interface ImportPreview {
  files: { name: string; format: 'keras-csv' | 'tfevents'; points: number; skipped: number }[];
  /** Each metric to be logged: which compare curve it becomes (null: shown on the run page only). */
  tags: { key: string; curve: string | null; points: number; firstStep: number; lastStep: number }[];
  /** Non-scalar summaries and non-finite cells left out. */
  skipped: { key: string; count: number }[];
  /** Points at a step another file (or an earlier record) also wrote: the last one written is kept. */
  replaced: number;
}

function looksLikeEvents(name: string, bytes: Uint8Array): boolean {
  return /tfevents/i.test(name) || (bytes.length >= 12 && !/^[\x09\x0a\x0d\x20-\x7e\ufeff]/.test(String.fromCharCode(bytes[0]!)));
}

/** The tags a file's folder adds: Keras's TensorBoard callback writes train/ and validation/ files with the same tag names. */
function folderPrefix(name: string): string {
  const parts = name.split(/[\\/]/).filter(Boolean);
  const folder = parts.length > 1 ? parts[parts.length - 2]! : '';
  return /^(train|training|val|valid|validation|eval|dev|test)$/i.test(folder) ? `${folder}/` : '';
}

interface Parsed {
  preview: ImportPreview;
  points: { key: string; step: number; value: number }[];
}

export function parseLogFiles(files: LogFile[]): Parsed {
  if (files.length === 0) throw new DomainError('BAD_INPUT', 'files: choose at least one log file.');
  const byKey = new Map<string, Map<number, number>>();
  const skipped = new Map<string, number>();
  const fileRows: ImportPreview['files'] = [];
  let replaced = 0;
  for (const file of files) {
    if (file.bytes.length > MAX_LOG_FILE_BYTES) throw new DomainError('PAYLOAD_TOO_LARGE', `${file.name}: over ${MAX_LOG_FILE_BYTES / 1024 / 1024} MiB, the most one log file may be.`);
    const format = file.format && file.format !== 'auto' ? file.format : looksLikeEvents(file.name, file.bytes) ? 'tfevents' : 'keras-csv';
    let points: ScalarPoint[];
    let skippedHere = 0;
    try {
      if (format === 'tfevents') {
        const read = readEventFile(file.bytes);
        points = read.points;
        for (const [tag, count] of Object.entries(read.skippedTags)) {
          skipped.set(tag, (skipped.get(tag) ?? 0) + count);
          skippedHere += count;
        }
      } else {
        const read = readKerasCsv(new TextDecoder().decode(file.bytes));
        points = read.points;
        skippedHere = read.skipped;
        if (read.skipped) skipped.set(`${file.name} (empty or NaN cells)`, read.skipped);
      }
    } catch (error) {
      if (error instanceof EventFileError || error instanceof KerasCsvError) {
        throw new DomainError('BAD_INPUT', `${file.name}: ${error.message}${format === 'tfevents' ? '' : ' (for TensorBoard files, keep "tfevents" in the name)'}`);
      }
      throw error;
    }
    const prefix = folderPrefix(file.name);
    for (const p of points) {
      if (!Number.isFinite(p.value)) {
        skipped.set(prefix + p.tag, (skipped.get(prefix + p.tag) ?? 0) + 1);
        skippedHere++;
        continue;
      }
      const key = (prefix + p.tag).slice(0, 250).replace(/[^A-Za-z0-9_\-./ ]/g, '_');
      const series = byKey.get(key) ?? new Map<number, number>();
      byKey.set(key, series);
      if (series.has(p.step)) replaced++;
      series.set(p.step, p.value);
    }
    fileRows.push({ name: file.name, format, points: points.length, skipped: skippedHere });
  }
  const tags: ImportPreview['tags'] = [];
  const out: Parsed['points'] = [];
  for (const [key, series] of [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const steps = [...series.keys()].sort((a, b) => a - b);
    for (const step of steps) out.push({ key, step, value: series.get(step)! });
    tags.push({ key, curve: curveNameOf(key), points: steps.length, firstStep: steps[0]!, lastStep: steps[steps.length - 1]! });
  }
  if (out.length === 0) throw new DomainError('BAD_INPUT', `files: no scalar metric in ${files.map((f) => f.name).join(', ')} (only ${[...skipped.keys()].join(', ') || 'empty records'}).`);
  return { preview: { files: fileRows, tags, skipped: [...skipped.entries()].map(([key, count]) => ({ key, count })), replaced }, points: out };
}

/** Parses, then logs every point into the external run in idempotent batches; returns the preview and what was stored. */
export async function importLogs(
  db: Database,
  actor: Actor,
  teamId: string,
  input: { runId: string; files: LogFile[]; preview: boolean },
): Promise<ImportPreview & { accepted: number; alreadyLogged: number }> {
  await db.transaction((tx) => lockExternalRun(tx, actor, teamId, input.runId));
  const { preview, points } = parseLogFiles(input.files);
  let accepted = 0;
  let alreadyLogged = 0;
  if (!input.preview) {
    // Points are sorted by key, then step: a series cut between two batches continues in order.
    for (let i = 0; i < points.length; i += API_MAX_POINTS_PER_BATCH) {
      const result = await logExternalMetrics(db, actor, teamId, { runId: input.runId, points: points.slice(i, i + API_MAX_POINTS_PER_BATCH) });
      accepted += result.accepted;
      alreadyLogged += result.alreadyLogged;
    }
  }
  return { ...preview, accepted, alreadyLogged };
}
