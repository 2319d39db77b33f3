import 'server-only';
/**
 * Per-cell parsers on the ingest hot path (tens of millions of calls): they avoid allocation and
 * return NaN for "not this type" instead of throwing or returning objects.
 */

const MISSING_TOKENS = new Set(['na', 'n/a', 'null', 'nan', '?']);
export const MISSING_TOKENS_TEXT = 'empty, NA, N/A, null, NaN or ?';

export function isMissing(s: string): boolean {
  const n = s.length;
  if (n === 0) return true;
  const c = s.charCodeAt(0);
  // Digits and signs start most cells and no missing token: skip the set lookup for them.
  if ((c >= 48 && c <= 57) || c === 45 || c === 43) return false;
  if (c === 32 || c === 9) return s.trim().length === 0 || isMissing(s.trim());
  return n <= 4 && MISSING_TOKENS.has(s.toLowerCase());
}

/** Set by parseNumber: whether the last number was written as an integer (no '.', no exponent). */
export let lastNumberWasInteger = false;
/** Set by parseNumber: whether the last number used a decimal comma (`3,14` in semicolon files). */
export let lastNumberUsedDecimalComma = false;

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Plain decimal numbers only, in one pass. Rejected on purpose: hex/octal/binary literals and
 * Infinity (which `Number()` accepts), leading zeros like `007` or `01234` (codes such as ZIP codes,
 * whose zeros matter) and integers beyond 2^53 (ids that would silently lose digits).
 * Up to 15 significant digits without exponent, `digits / 10^k` is exact-then-correctly-rounded,
 * so it equals `Number(s)` (Clinger's fast path) at a fraction of the cost; longer ones use Number.
 */
export function parseNumber(s: string, allowDecimalComma: boolean): number {
  return parseNumberRange(s, 0, s.length, allowDecimalComma);
}

/** `parseNumber(s.slice(start, end))` without creating the substring. */
function parseNumberRange(s: string, start: number, stop: number, allowDecimalComma: boolean): number {
  lastNumberUsedDecimalComma = false;
  let i = start;
  let end = stop;
  while (i < end && s.charCodeAt(i) === 32) i++;
  while (end > i && s.charCodeAt(end - 1) === 32) end--;
  if (i === end) return NaN;
  let c = s.charCodeAt(i);
  const negative = c === 45;
  if (c === 45 || c === 43) i++;
  const intStart = i;
  let m = 0;
  while (i < end && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
    m = m * 10 + (c - 48);
    i++;
  }
  const intDigits = i - intStart;
  if (intDigits > 1 && s.charCodeAt(intStart) === 48) return NaN;
  let fracDigits = 0;
  let integer = true;
  let comma = false;
  if (i < end && (c === 46 || (c === 44 && allowDecimalComma))) {
    comma = c === 44;
    integer = false;
    const fracStart = ++i;
    while (i < end && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      i++;
    }
    fracDigits = i - fracStart;
  }
  if (intDigits + fracDigits === 0) return NaN;
  let exponent = false;
  if (i < end && (c === 101 || c === 69)) {
    exponent = true;
    integer = false;
    c = s.charCodeAt(++i);
    if (c === 45 || c === 43) i++;
    const expStart = i;
    while (i < end && (c = s.charCodeAt(i)) >= 48 && c <= 57) i++;
    if (i === expStart) return NaN;
  }
  if (i !== end) return NaN;
  let v: number;
  if (!exponent && intDigits + fracDigits <= 15) {
    v = fracDigits === 0 ? m : m / (POW10[fracDigits] as number);
    if (negative) v = -v;
  } else {
    const text = s.slice(start, end);
    v = Number(comma ? text.replace(',', '.') : text);
    if (integer && !Number.isSafeInteger(v)) return NaN;
  }
  lastNumberWasInteger = integer;
  lastNumberUsedDecimalComma = comma;
  return v;
}

/** Set by parseDate for slash dates: the second number, so a column can switch M/D/Y to D/M/Y. */
export let lastDateSlashSecond = 0;
/** Set by parseDate: whether the last date was written as `a/b/yyyy` (or with dots). */
export let lastDateWasSlash = false;

const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const YMD_SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const SLASH = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * ISO dates/datetimes, `yyyy/mm/dd`, and `mm/dd/yyyy` or (with `dayFirst`) `dd/mm/yyyy` (also with
 * dots) to epoch milliseconds. Times without an offset are read as UTC so results never depend on
 * the server's time zone.
 */
export function parseDate(s: string, dayFirst: boolean): number {
  lastDateWasSlash = false;
  const c = s.charCodeAt(0);
  if (!(c >= 48 && c <= 57) || s.length < 8 || s.length > 40) return NaN;
  let m = ISO.exec(s);
  if (m !== null) return build(m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]);
  m = YMD_SLASH.exec(s);
  if (m !== null) return build(m[1], m[2], m[3], m[4], m[5], m[6], undefined, undefined);
  m = SLASH.exec(s);
  if (m === null) return NaN;
  lastDateWasSlash = true;
  lastDateSlashSecond = Number(m[2]);
  const [month, day] = dayFirst ? [m[2], m[1]] : [m[1], m[2]];
  return build(m[3], month, day, m[4], m[5], m[6], undefined, undefined);
}

function build(
  y?: string,
  mo?: string,
  d?: string,
  h?: string,
  mi?: string,
  sec?: string,
  frac?: string,
  zone?: string,
): number {
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = sec === undefined ? 0 : Number(sec);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  if (hour > 23 || minute > 59 || second > 60) return NaN;
  const ms = frac === undefined ? 0 : Math.round(Number(`0.${frac}`) * 1000);
  let t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.charCodeAt(0) === 45 ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    t -= sign * offset * 60_000;
  }
  return t;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
}

const TRUE_TOKENS = new Set(['true', 't', 'yes', 'y']);
const FALSE_TOKENS = new Set(['false', 'f', 'no', 'n']);

/** 1, 0, or NaN when `s` is not a boolean word (0/1 stay integers; they are numbers first). */
export function parseBoolean(s: string): number {
  const t = s.trim().toLowerCase();
  if (TRUE_TOKENS.has(t)) return 1;
  if (FALSE_TOKENS.has(t)) return 0;
  return NaN;
}
