import 'server-only';
const FALLBACK = 'dataset.csv';
const MAX_LENGTH = 255;
// C0/C1 controls and bidi overrides: the latter let `evil\u202Evsc.csv` display as `evilcsv.exe`-style lies.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A user-supplied file name made safe to *display*: base name only, no control or bidi characters,
 * bounded length. It is never a path: blobs are stored under content hashes.
 */
export function sanitizeDisplayFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(UNSAFE, '').replace(/\s+/g, ' ').trim();
  if (clean === '' || /^\.+$/.test(clean)) return FALLBACK;
  return clean.length > MAX_LENGTH ? clean.slice(0, MAX_LENGTH) : clean;
}
