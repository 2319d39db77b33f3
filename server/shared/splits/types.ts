/**
 * Shared vocabulary of the split domain. Everything here is pure data so that the trainer child
 * (which must not import database or server-only code) can share it with the web process.
 */

/** Part codes as stored in a manifest byte: 0 train, 1 dev, 2 test. Never renumber. */
export const PART_CODES = { train: 0, dev: 1, test: 2 } as const;
export const PART_NAMES = ['train', 'dev', 'test'] as const;
export type SplitPart = (typeof PART_NAMES)[number];
export type PartCode = (typeof PART_CODES)[SplitPart];

/** One byte per data row: 0 train, 1 dev, 2 test. */
export type SplitAssignment = Uint8Array;

export type Fractions = { readonly train: number; readonly dev: number; readonly test: number };
export type PartCounts = { train: number; dev: number; test: number };

/**
 * A column as the caller holds it in memory. Missing values: NaN for numeric and date columns,
 * null/undefined in string arrays, code −1 in dictionary encodings. Dates are epoch
 * milliseconds (NaN = missing or unparseable), decided by whoever parsed the file.
 */
export type SplitInputColumn =
  | { readonly kind: 'numeric'; readonly values: Float64Array }
  | { readonly kind: 'date'; readonly values: Float64Array }
  | {
      readonly kind: 'categorical' | 'text';
      readonly values: ReadonlyArray<string | null | undefined>;
    }
  | {
      readonly kind: 'categorical' | 'text';
      readonly codes: Int32Array;
      readonly dictionary: readonly string[];
    };

/** A dataset version's rows as the split logic sees them. */
export type SplitData = {
  readonly rowCount: number;
  readonly columns: Readonly<Record<string, SplitInputColumn>>;
};
