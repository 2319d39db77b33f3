import { DomainError } from '../errors';

/** Every rejected file goes through here so the code and wording stay uniform. */
export function badInput(message: string): DomainError {
  return new DomainError('BAD_INPUT', message);
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** `'price' (column 3)`, or `column 3` before names are known. `index` is 0-based. */
export function columnLabel(index: number, name?: string): string {
  return name === undefined ? `column ${index + 1}` : `${JSON.stringify(name)} (column ${index + 1})`;
}

/** `Row 17`, plus the text-editor line when embedded newlines or blank lines make them differ. */
export function rowLabel(row: number, line: number): string {
  return line === row ? `Row ${row}` : `Row ${row} (line ${line})`;
}

/** Short, printable excerpt of a cell for messages. */
export function excerpt(value: string, max = 40): string {
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return JSON.stringify(clean.length > max ? `${clean.slice(0, max)}…` : clean);
}
