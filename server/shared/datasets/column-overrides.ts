import { z } from 'zod';

/**
 * Fixes to a file's schema made when registering it: a better column name (a TSV header that
 * carries literal quotes, 'vote'), or an integer column read as categories (zip codes, class ids).
 * Pure: the register form and the server share it.
 */
export const columnOverrideSchema = z.object({
  /** The column's name in the file. */
  column: z.string().min(1),
  rename: z.string().trim().min(1, 'a column needs a name').max(200, 'keep column names under 200 characters').optional(),
  /** Integer columns only: read the numbers as category labels. */
  as: z.enum(['categorical']).optional(),
});
export const columnOverridesSchema = z.array(columnOverrideSchema).max(5000).default([]);
export type ColumnOverride = z.infer<typeof columnOverrideSchema>;

/** A header name without the quotes some exports leave around it ('vote' → vote); null when it has none. */
export function unquotedName(name: string): string | null {
  const m = /^\s*(['"`])(.*)\1\s*$/.exec(name);
  return m && m[2]!.trim() ? m[2]!.trim() : null;
}
