import 'server-only';
import type { ColumnBuilder } from './column-builder';
import { countCodes, countDistinct, histogram, summarizeNumbers, topValues } from './column-stats';
import { badInput, columnLabel, excerpt, formatCount } from '../../shared/datasets/ingest-errors';
import { isFormulaLike } from './spreadsheet-formula';
import type { ColumnSchema, ColumnType, TypedColumn } from '../../shared/datasets/types';
import { MISSING_TOKENS_TEXT, parseBoolean } from './value-parsers';

/** A string column with at most this many distinct values, repeating on average, is categorical. */
export const CATEGORICAL_MAX_DISTINCT = 200;
/** Fewer rows than this never make an "id" column: too little evidence that values are unique keys. */
const ID_MIN_ROWS = 10;
const ID_MAX_LENGTH = 64;
const TOP_VALUES = 10;
const ID_NAME = /(^|[_\s.-])id$|^id|Id$|ID$/;

export interface FinalizedColumn {
  schema: ColumnSchema;
  column: TypedColumn;
  warnings: string[];
}

/** Turns a finished builder into its schema entry and typed data; rejects an all-missing column. */
export function finalizeColumn(b: ColumnBuilder, name: string, index: number, firstDataRow: number): FinalizedColumn {
  const label = columnLabel(index, name);
  if (b.missing === b.length) {
    throw badInput(
      `${label} has no values: all ${formatCount(b.length)} data rows are missing (${MISSING_TOKENS_TEXT}); expected at least one value. Remove the column or fill it in.`,
    );
  }
  const warnings: string[] = [];
  if (b.typeBreak !== null) {
    const kind = b.typeBreak.from === 'number' ? 'numbers' : 'dates';
    warnings.push(
      `${label} held ${kind} until row ${b.typeBreak.rowIndex + firstDataRow} (${excerpt(b.typeBreak.value)}), so it is treated as text; the earlier ${kind} are kept in normalized form.`,
    );
  }
  if (b.usedDecimalComma) warnings.push(`${label} uses decimal commas (3,14); read as numbers.`);
  if (b.mode === 'number' || b.mode === 'date') return { ...finalizeNumeric(b, name, index), warnings };
  return finalizeStrings(b, name, index, label, warnings);
}

function finalizeNumeric(b: ColumnBuilder, name: string, index: number): Omit<FinalizedColumn, 'warnings'> {
  const values = b.numbers!.toArray();
  const s = summarizeNumbers(values);
  const distinct = countDistinct(values, b.allInteger && b.mode === 'number', s.min, s.max);
  let type: ColumnType;
  if (b.mode === 'date') type = 'datetime';
  else if (!b.allInteger) type = 'numeric';
  else {
    const unique = b.missing === 0 && distinct.exact && distinct.count === s.nonMissing && s.nonMissing >= ID_MIN_ROWS;
    // A unique integer column is only an id when it looks like one: a dense run or an id-like name.
    const idLike = unique && (s.max - s.min + 1 === s.nonMissing || ID_NAME.test(name));
    type = idLike ? 'id' : 'integer';
  }
  const hist = histogram(values, s.min, s.max, b.allInteger && b.mode === 'number');
  const stats =
    b.mode === 'date'
      ? { kind: 'datetime' as const, min: s.min, max: s.max, histogram: hist }
      : { kind: 'numeric' as const, min: s.min, max: s.max, mean: s.mean, std: s.std, histogram: hist };
  return {
    schema: { name, index, type, missingCount: b.missing, distinctCount: distinct.count, distinctCountExact: distinct.exact, formulaLikeCount: 0, stats },
    column: { name, type, kind: 'float64', values },
  };
}

function finalizeStrings(
  b: ColumnBuilder,
  name: string,
  index: number,
  label: string,
  warnings: string[],
): FinalizedColumn {
  let codes = b.codes!.toArray();
  let dictionary = b.dictionary;
  let counts = countCodes(codes, dictionary.length);
  const nonMissing = b.length - b.missing;
  const distinct = dictionary.length;
  let formulaLikeCount = 0;
  let maxLength = 0;
  let totalLength = 0;
  let hasSpace = false;
  for (let code = 0; code < distinct; code++) {
    const v = dictionary[code] as string;
    const count = counts[code] as number;
    if (isFormulaLike(v)) formulaLikeCount += count;
    if (v.length > maxLength) maxLength = v.length;
    totalLength += v.length * count;
    if (!hasSpace && /\s/.test(v)) hasSpace = true;
  }
  if (formulaLikeCount > 0) {
    warnings.push(
      `${label} has ${formatCount(formulaLikeCount)} cells starting with =, +, -, @ or a control character, which spreadsheets run as formulas; they are stored as plain text and must be escaped on export.`,
    );
  }
  let type: ColumnType;
  const bools = distinct <= 8 ? dictionary.map(parseBoolean) : [];
  if (bools.length > 0 && bools.every((v) => !Number.isNaN(v))) {
    type = 'boolean';
    const labels = booleanLabels(dictionary, counts, bools);
    codes = codes.map((c) => (c < 0 ? -1 : (bools[c] as number)));
    dictionary = labels;
    counts = countCodes(codes, 2);
  } else if (
    b.missing === 0 &&
    distinct === nonMissing &&
    nonMissing >= ID_MIN_ROWS &&
    maxLength <= ID_MAX_LENGTH &&
    !hasSpace
  ) {
    type = 'id';
  } else if (distinct <= CATEGORICAL_MAX_DISTINCT && distinct <= Math.max(1, nonMissing / 2)) {
    type = 'categorical';
  } else {
    type = 'text';
  }
  const top = topValues(dictionary, counts, TOP_VALUES);
  const stats =
    type === 'boolean' || type === 'categorical'
      ? { kind: 'categorical' as const, topValues: top }
      : { kind: 'text' as const, meanLength: totalLength / Math.max(1, nonMissing), maxLength, topValues: top.slice(0, 5) };
  return {
    schema: {
      name,
      index,
      type,
      missingCount: b.missing,
      distinctCount: type === 'boolean' ? top.filter((t) => t.count > 0).length : distinct,
      distinctCountExact: true,
      formulaLikeCount,
      stats,
    },
    column: { name, type, kind: 'dictionary', codes, dictionary },
    warnings,
  };
}

/** The word each side of a yes/no column is answered with: the other side of the pair a word belongs to. */
const OPPOSITE: Record<string, string> = { yes: 'no', no: 'yes', y: 'n', n: 'y', true: 'false', false: 'true', t: 'f', f: 't' };

/**
 * A boolean column keeps the file's own words ([false side, true side], so a code is still its
 * value): "yes"/"no" stay yes and no in labels and messages, instead of becoming "true"/"false".
 * Each side takes its most frequent spelling; a side the file never uses takes the opposite word
 * of the other side, in the same case.
 */
function booleanLabels(dictionary: string[], counts: ArrayLike<number>, bools: number[]): [string, string] {
  const best: [{ word: string; count: number } | null, { word: string; count: number } | null] = [null, null];
  dictionary.forEach((word, code) => {
    const side = bools[code] as 0 | 1;
    const count = counts[code] as number;
    if (!best[side] || count > best[side]!.count) best[side] = { word: word.trim(), count };
  });
  const opposite = (word: string) => {
    const other = OPPOSITE[word.toLowerCase()] ?? '';
    if (word === word.toUpperCase()) return other.toUpperCase();
    if (word[0] === word[0]!.toUpperCase()) return other.charAt(0).toUpperCase() + other.slice(1);
    return other;
  };
  const falseWord = best[0]?.word ?? opposite(best[1]!.word);
  const trueWord = best[1]?.word ?? opposite(best[0]!.word);
  return [falseWord, trueWord];
}
