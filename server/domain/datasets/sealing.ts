import 'server-only';
import { SEALED_LABEL_CHECK_REASON, worstSeverity, type PartComparison, type SplitGuidance } from '../splits/guidance';
import { countDistinct, countCodes, histogram, summarizeNumbers, topValues } from './column-stats';
import type { DecodedColumn } from '../../shared/datasets/column-store';
import type { ColumnSchema, ColumnStats, DatasetSchema } from '../../shared/datasets/types';
import { rowsWhere } from '../../shared/splits/manifest';
import { PART_CODES } from '../../shared/splits/types';

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
 * Guidance as stored for splits frozen before the seal covered statistics: drops the test part's
 * label counts and target summary and the label check between dev and test. New splits never
 * compute them (splitGuidance), so for those this changes nothing.
 */
export function sealGuidance(guidance: SplitGuidance): SplitGuidance {
  const parts = guidance.parts.map((part) => {
    if (part.part !== 'test') return part;
    const { labels: _labels, target: _target, ...rest } = part;
    return rest;
  });
  return { ...guidance, parts, devVsTest: withoutLabelCheck(guidance.devVsTest) };
}

function withoutLabelCheck(comparison: PartComparison): PartComparison {
  const label = comparison.checks.find((c) => c.role === 'label');
  if (!label) return comparison;
  const checks = comparison.checks.filter((c) => c.role !== 'label');
  const severity = worstSeverity(checks);
  return {
    ...comparison,
    checks,
    severity,
    skipped: [...comparison.skipped, { feature: label.feature, reason: SEALED_LABEL_CHECK_REASON }],
    // The stored verdict may have named the label; without it only a generic reading is safe.
    verdict:
      severity === 'none'
        ? `Dev and test look alike on the ${checks.length} feature check${checks.length === 1 ? '' : 's'} (test labels are sealed and not compared).`
        : `Dev and test differ on ${checks.filter((c) => c.severity === severity).map((c) => `'${c.feature}'`).slice(0, 3).join(', ')} (test labels are sealed and not compared).`,
  };
}
