import 'server-only';
/**
 * Spreadsheet programs execute cells starting with these characters (CSV/formula injection, OWASP).
 * Ingest keeps such cells as inert text; any export back to CSV/XLSX must pass cells through
 * `escapeSpreadsheetCell` so a downloaded file cannot run `=HYPERLINK(...)` or `=cmd|...` on a teammate.
 */
const FORMULA_PREFIX = /^[=+\-@\t\r]/;

export function isFormulaLike(value: string): boolean {
  return FORMULA_PREFIX.test(value);
}

/** Prefix a formula-like cell with an apostrophe, the convention spreadsheets treat as "literal text". */
export function escapeSpreadsheetCell(value: string): string {
  return isFormulaLike(value) ? `'${value}` : value;
}
