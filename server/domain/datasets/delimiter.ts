import 'server-only';
import type { Delimiter } from '../../shared/datasets/types';

const CANDIDATES: Delimiter[] = [',', ';', '\t'];
const SAMPLE_RECORDS = 50;

/**
 * Picks the delimiter whose per-row count (outside quotes) is non-zero and most consistent across the
 * first rows, like Python's csv.Sniffer. A file with none of them is one column: comma.
 */
export function detectDelimiter(sample: string, complete: boolean): Delimiter {
  const counts = countPerRecord(sample, complete);
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const d of CANDIDATES) {
    const perRow = counts.map((c) => c[d] ?? 0);
    const modal = mode(perRow);
    if (modal === 0) continue;
    const consistency = perRow.filter((n) => n === modal).length / perRow.length;
    // Consistency dominates; the count only breaks ties (a comma in every row beats nothing).
    const score = consistency * 1000 + Math.min(modal, 999);
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

function countPerRecord(sample: string, complete: boolean): Record<string, number>[] {
  const rows: Record<string, number>[] = [];
  let current: Record<string, number> = {};
  let inQuotes = false;
  let atFieldStart = true;
  let hasContent = false;
  for (let i = 0; i < sample.length && rows.length < SAMPLE_RECORDS; i++) {
    const ch = sample[i] as string;
    if (inQuotes) {
      if (ch === '"') {
        if (sample[i + 1] === '"') i++;
        else inQuotes = false;
      }
      continue;
    }
    if (ch === '"' && atFieldStart) {
      inQuotes = true;
      atFieldStart = false;
      hasContent = true;
    } else if (ch === '\n' || ch === '\r') {
      if (hasContent) rows.push(current);
      current = {};
      hasContent = false;
      atFieldStart = true;
    } else if (ch === ',' || ch === ';' || ch === '\t') {
      current[ch] = (current[ch] ?? 0) + 1;
      atFieldStart = true;
      hasContent = true;
    } else {
      atFieldStart = false;
      hasContent = true;
    }
  }
  // The last row of an incomplete sample is usually cut mid-way: its counts would mislead.
  if (hasContent && complete) rows.push(current);
  if (rows.length === 0 && hasContent) rows.push(current);
  return rows;
}

function mode(values: number[]): number {
  const freq = new Map<number, number>();
  let best = 0;
  let bestFreq = 0;
  for (const v of values) {
    const f = (freq.get(v) ?? 0) + 1;
    freq.set(v, f);
    if (f > bestFreq || (f === bestFreq && v > best)) [best, bestFreq] = [v, f];
  }
  return best;
}

/** Newline convention: '\r' only for classic-Mac files that never use '\n'. */
export function detectNewline(sample: string): '\n' | '\r' {
  return sample.includes('\n') || !sample.includes('\r') ? '\n' : '\r';
}
