import Papa from 'papaparse';
import type { ScalarPoint } from './tfevents';

/**
 * Keras's CSVLogger file: a header `epoch,<metric>,…` (e.g. accuracy, loss, val_accuracy,
 * val_loss, learning_rate) and a row per epoch, epochs counted from 0. Steps become 1-based, as
 * Holdout counts epochs (and as its Keras callback logs). Empty and non-finite cells ("nan") are
 * left out and counted.
 */
export class KerasCsvError extends Error {}

export function readKerasCsv(text: string): { points: ScalarPoint[]; skipped: number } {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true, delimiter: text.includes(';') && !text.includes(',') ? ';' : ',' });
  const [header, ...rows] = parsed.data;
  if (!header || header[0]?.trim() !== 'epoch') throw new KerasCsvError('line 1: a Keras CSVLogger file starts with an "epoch" column (header "epoch,loss,…").');
  if (header.length < 2) throw new KerasCsvError('line 1: the header names no metric after "epoch".');
  const tags = header.map((h) => h.trim());
  const points: ScalarPoint[] = [];
  let skipped = 0;
  rows.forEach((row, i) => {
    const line = i + 2;
    if (row.length !== tags.length) throw new KerasCsvError(`line ${line}: ${row.length} cells for ${tags.length} columns.`);
    const epoch = Number(row[0]);
    if (!Number.isInteger(epoch) || epoch < 0) throw new KerasCsvError(`line ${line}, column "epoch": ${JSON.stringify(row[0])} is not an epoch number.`);
    for (let j = 1; j < tags.length; j++) {
      const cell = row[j]!.trim();
      const value = Number(cell);
      if (cell === '' || !Number.isFinite(value)) {
        skipped++;
        continue;
      }
      points.push({ tag: tags[j]!, step: epoch + 1, value });
    }
  });
  if (points.length === 0) throw new KerasCsvError('The file has no metric values (only a header, or every cell empty or NaN).');
  return { points, skipped };
}
