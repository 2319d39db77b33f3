/** Display helpers shared by the dataset and split pages (en-US grouping, like the server's messages). */

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A share as a percentage; a value that rounds to zero prints without a sign ("0.0%", never "-0.0%"). */
export function formatPercent(share: number, digits = 1): string {
  const text = (share * 100).toFixed(digits);
  return `${Number(text) === 0 ? (0).toFixed(digits) : text}%`;
}

/** Stats may arrive as null (stored JSON turns NaN into null) or NaN (sealed test values). */
export function isMissingNumber(x: number | null | undefined): boolean {
  return x === null || x === undefined || Number.isNaN(x);
}

export function formatNumber(x: number | null | undefined, digits = 3): string {
  if (isMissingNumber(x)) return '—';
  const v = x as number;
  if (Number.isInteger(v)) return formatCount(v);
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return v.toExponential(2);
  return String(Number.parseFloat(v.toPrecision(digits + 1)));
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function formatWhen(date: Date): string {
  return date.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
}

export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

export const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };
