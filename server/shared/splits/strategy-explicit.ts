import { z } from 'zod';
import { DomainError } from '../errors';
import { assertColumnLength, encodeCategories } from './columns';
import { assertPartsNonEmpty, assertRowCount, countParts, parseOrThrow } from './fractions';
import { PART_CODES, PART_NAMES, type SplitAssignment, type SplitInputColumn, type SplitPart } from './types';

export const explicitMappingSchema = z.record(
  z.string(),
  z.enum(PART_NAMES, { error: (issue) => `Mapped part must be one of train, dev, test (got ${JSON.stringify(issue.input)}).` }),
);
/** Column value → part, e.g. { train: 'train', valid: 'dev', holdout: 'test' }. */
export type ExplicitMapping = Readonly<Record<string, SplitPart>>;

export type ExplicitSplitParams = {
  readonly rowCount: number;
  readonly column: SplitInputColumn;
  readonly columnName: string;
  readonly mapping: ExplicitMapping;
  /** For the unsealed rows of a sealed version, whose test part is fixed elsewhere. */
  readonly allowEmptyTest?: boolean;
};

const MISSING_LABEL = '(missing)';

/**
 * Explicit split: the dataset already says which part each row belongs to (a "fold" column),
 * and the user maps its values to parts. Every row's value must be mapped; numeric values are
 * matched by their printed form (1 → "1"), and rows with no value by the key "(missing)", so
 * blanks are placed on purpose rather than silently dropped into train.
 */
export function explicitSplit(params: ExplicitSplitParams): SplitAssignment {
  const { rowCount, column, columnName } = params;
  assertRowCount(rowCount);
  const mapping = parseOrThrow(explicitMappingSchema, params.mapping);
  assertColumnLength(column, columnName, rowCount);
  const { codes, labels, counts, missingCount } = encodeCategories(column, columnName);
  const partOfCode = new Int8Array(labels.length).fill(-1);
  const unmapped: { label: string; n: number }[] = [];
  labels.forEach((label, c) => {
    if (Object.hasOwn(mapping, label)) partOfCode[c] = PART_CODES[mapping[label]!];
    else unmapped.push({ label, n: counts[c]! });
  });
  if (missingCount > 0 && !Object.hasOwn(mapping, MISSING_LABEL)) unmapped.push({ label: MISSING_LABEL, n: missingCount });
  if (unmapped.length > 0) {
    unmapped.sort((a, b) => b.n - a.n || (a.label < b.label ? -1 : 1));
    const shown = unmapped.slice(0, 10).map((u) => `'${u.label}' (${u.n} row${u.n === 1 ? '' : 's'})`);
    const more = unmapped.length > 10 ? `, and ${unmapped.length - 10} more` : '';
    throw new DomainError(
      'BAD_INPUT',
      `Column '${columnName}' has ${unmapped.length} value${unmapped.length === 1 ? '' : 's'} not mapped to a part: ${shown.join(', ')}${more}. Map every value to train, dev or test.`,
    );
  }
  const missingPart = missingCount > 0 ? PART_CODES[mapping[MISSING_LABEL]!] : 0;
  const assignment = new Uint8Array(rowCount);
  for (let i = 0; i < rowCount; i++) {
    const c = codes[i]!;
    assignment[i] = c < 0 ? missingPart : partOfCode[c]!;
  }
  const required = params.allowEmptyTest ? (['train', 'dev'] as const) : PART_NAMES;
  assertPartsNonEmpty(countParts(assignment), rowCount, (part) => `map at least one value of '${columnName}' that occurs in the data to ${part}`, required);
  return assignment;
}
