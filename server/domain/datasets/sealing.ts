import 'server-only';
import { judgeComparison, SEALED_LABEL_CHECK_REASON, type PartComparison, type SplitGuidance } from '../splits/guidance';
import { countDistinct, countCodes, histogram, summarizeNumbers, topValues } from './column-stats';
import type { DecodedColumn } from '../../shared/datasets/column-store';
import type { ColumnSchema, ColumnStats, DatasetSchema } from '../../shared/datasets/types';
import { rowsWhere } from '../../shared/splits/manifest';
import { PART_CODES, type SplitPart } from '../../shared/splits/types';

/**
 * Test labels are sealed: no response, to any role, contains the label of a sealed row or any
 * function of labels computed over sealed rows (a count, a histogram, a maximum, a class name);
 * only a budgeted test evaluation's score is.
 *
 * A dataset version's sealed rows are fixed by its first frozen split (see splits/sealed-set.ts).
 * Before that any row may become a test row, so the version shows no target statistics at all;
 * afterwards it shows them over the rows outside the seal, and says so.
 */
export const SEALED_CELL = '•••';
const TOP_VALUES = 10;

/** The target column's statistics over the rows that are not sealed, stored with the sealed set. */
export interface UnsealedTargetStats {
  rows: number;
  missingCount: number;
  distinctCount: number;
  distinctCountExact: boolean;
  stats: ColumnStats;
}

export const TARGET_STATS_PENDING = 'Target statistics appear once the first split fixes which rows are the sealed test set: until then any row may become a test row.';
export const TARGET_STATS_LEGACY = 'Target statistics are hidden: this version was sealed before Holdout kept statistics over the rows outside the seal.';

/** The version's schema as members see it: the target column described over unsealed rows only. */
export function sealSchema(schema: DatasetSchema, targetColumn: string, unsealed: { stats: UnsealedTargetStats | null; sealed: boolean }): DatasetSchema {
  return {
    ...schema,
    columns: schema.columns.map((column) => {
      if (column.name !== targetColumn) return column;
      if (unsealed.stats) {
        const s = unsealed.stats;
        const note = `Over the ${s.rows.toLocaleString('en-US')} rows outside the sealed test set.`;
        return { ...column, missingCount: s.missingCount, distinctCount: s.distinctCount, distinctCountExact: s.distinctCountExact, stats: s.stats, statsNote: note, statsRows: s.rows };
      }
      const reason = unsealed.sealed ? TARGET_STATS_LEGACY : TARGET_STATS_PENDING;
      return { ...column, missingCount: 0, distinctCount: 0, distinctCountExact: true, stats: { kind: 'hidden', reason }, statsNote: reason } satisfies ColumnSchema;
    }),
  };
}

export function sealPreview(preview: { header: string[]; rows: string[][] }, targetColumn: string): { header: string[]; rows: string[][] } {
  const index = preview.header.indexOf(targetColumn);
  if (index < 0) return preview;
  return { header: preview.header, rows: preview.rows.map((row) => row.map((cell, i) => (i === index ? SEALED_CELL : cell))) };
}

/** Statistics of `target` over the rows whose part code is not test (2). */
export function unsealedTargetStats(target: DecodedColumn, assignment: Uint8Array): UnsealedTargetStats {
  const unsealed = rowsWhere(assignment, (part) => part !== PART_CODES.test);
  const rows = unsealed.length;
  if (target.kind === 'dictionary') {
    const codes = Int32Array.from(unsealed, (row) => target.codes[row]!);
    const counts = countCodes(codes, target.dictionary.length);
    let missingCount = 0;
    for (const c of codes) if (c < 0) missingCount++;
    const present = counts.filter((n) => n > 0).length;
    const top = topValues(target.dictionary, counts, TOP_VALUES).filter((v) => v.count > 0);
    const stats: ColumnStats = target.type === 'text' ? { kind: 'text', meanLength: meanLength(target.dictionary, counts), maxLength: maxLength(target.dictionary, counts), topValues: top.slice(0, 5) } : { kind: 'categorical', topValues: top };
    return { rows, missingCount, distinctCount: present, distinctCountExact: true, stats };
  }
  const values = Float64Array.from(unsealed, (row) => target.values[row]!);
  const s = summarizeNumbers(values);
  const integerValued = target.type === 'integer' || target.type === 'id';
  const distinct = s.nonMissing > 0 ? countDistinct(values, integerValued, s.min, s.max) : { count: 0, exact: true };
  const hist = s.nonMissing > 0 ? histogram(values, s.min, s.max, integerValued) : { binEdges: [], counts: [] };
  const stats: ColumnStats =
    target.type === 'datetime' ? { kind: 'datetime', min: s.min, max: s.max, histogram: hist } : { kind: 'numeric', min: s.min, max: s.max, mean: s.mean, std: s.std, histogram: hist };
  return { rows, missingCount: rows - s.nonMissing, distinctCount: distinct.count, distinctCountExact: distinct.exact, stats };
}

function meanLength(dictionary: string[], counts: Int32Array): number {
  let total = 0;
  let n = 0;
  counts.forEach((c, code) => {
    total += c * dictionary[code]!.length;
    n += c;
  });
  return n > 0 ? total / n : 0;
}

function maxLength(dictionary: string[], counts: Int32Array): number {
  let max = 0;
  counts.forEach((c, code) => {
    if (c > 0) max = Math.max(max, dictionary[code]!.length);
  });
  return max;
}

/**
 * Guidance as stored, as it may be shown: the test part's label counts and target summary and the
 * label check between dev and test dropped (splits frozen before the seal covered statistics had
 * them; new splits never compute them), and both comparisons judged again by today's rule, from
 * their stored numbers.
 */
export function sealGuidance(guidance: SplitGuidance): SplitGuidance {
  const parts = guidance.parts.map((part) => {
    if (part.part !== 'test') return part;
    const { labels: _labels, target: _target, ...rest } = part;
    return rest;
  });
  const rows = (part: SplitPart) => parts.find((p) => p.part === part)?.rows ?? 0;
  const rejudge = (c: PartComparison, drop?: (check: PartComparison['checks'][number]) => boolean) => {
    const dropped = drop ? c.checks.filter(drop) : [];
    // A stored grade is kept only where the stored numbers cannot be judged again (no chance level).
    const kept = c.checks.filter((check) => !dropped.includes(check)).map(({ severity, ...check }) => (check.psiChance === undefined ? { ...check, severity } : check));
    const skipped = [...c.skipped, ...dropped.map((check) => ({ feature: check.feature, reason: SEALED_LABEL_CHECK_REASON }))];
    return judgeComparison(c.a, c.b, kept, skipped, Math.min(rows(c.a), rows(c.b)));
  };
  return { ...guidance, parts, devVsTest: rejudge(guidance.devVsTest, (c) => c.role === 'label'), trainVsDev: rejudge(guidance.trainVsDev) };
}
