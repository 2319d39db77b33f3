import 'server-only';
import { badInput, columnLabel, formatCount } from '../../shared/datasets/ingest-errors';
import { isMissing, parseDate, parseNumber } from './value-parsers';

/**
 * A first row whose every non-missing cell is a number or a date is data, not names: real headers
 * name things. (A header of years such as 2019,2020 is misread; the warning makes that visible.)
 */
export function looksLikeDataRow(fields: string[], allowDecimalComma: boolean): boolean {
  let values = 0;
  for (const f of fields) {
    if (isMissing(f)) continue;
    const isValue =
      !Number.isNaN(parseNumber(f, allowDecimalComma)) || !Number.isNaN(parseDate(f, false)) || !Number.isNaN(parseDate(f, true));
    if (!isValue) return false;
    values++;
  }
  return values > 0;
}

export function generatedNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `column_${i + 1}`);
}

/**
 * Validates and normalizes header names: trimmed, inner whitespace runs (including newlines from
 * quoted names) collapsed to one space. Rejects empty, over-long, control-character and duplicate names.
 */
export function validateHeaderNames(fields: string[], row: number, maxNameChars: number, warnings: string[]): string[] {
  const where = `Row ${row} (header)`;
  const names: string[] = [];
  const seen = new Map<string, number>();
  let normalized = 0;
  fields.forEach((raw, i) => {
    const name = raw.replace(/\s+/g, ' ').trim();
    if (name !== raw) normalized++;
    if (name === '') {
      const trailing = i === fields.length - 1 && fields.length > 1 ? ' (a delimiter at the end of the header line?)' : '';
      throw badInput(`${where}, ${columnLabel(i)} has an empty name${trailing}; expected a name for every column.`);
    }
    if (name.length > maxNameChars) {
      throw badInput(
        `${where}, ${columnLabel(i)} has a name of ${formatCount(name.length)} characters; expected at most ${formatCount(maxNameChars)}.`,
      );
    }
    const control = /[\u0000-\u001f\u007f]/.exec(name);
    if (control !== null) {
      const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      throw badInput(`${where}, ${columnLabel(i)} name contains the control character U+${code}; expected printable text.`);
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw badInput(
        `${where}: columns ${earlier + 1} and ${i + 1} are both named ${JSON.stringify(name)}; expected unique column names.`,
      );
    }
    seen.set(name, i);
    names.push(name);
  });
  if (normalized > 0) warnings.push(`${normalized} header name(s) had surrounding or repeated whitespace, which was trimmed.`);
  return names;
}
