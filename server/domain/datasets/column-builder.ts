import 'server-only';
import { GrowableFloat64, GrowableInt32 } from './growable-arrays';
import {
  isMissing,
  lastDateSlashSecond,
  lastDateWasSlash,
  lastNumberUsedDecimalComma,
  lastNumberWasInteger,
  parseDate,
  parseNumber,

} from './value-parsers';

export type StorageMode = 'empty' | 'number' | 'date' | 'string';

/** Where a column that looked numeric (or like dates) first held something else. */
export interface TypeBreak {
  from: 'number' | 'date';
  rowIndex: number;
  value: string;
}

/**
 * Builds one column incrementally. The first non-missing value picks a storage mode (number, date or
 * string); a later value that does not fit demotes the column to strings once, re-encoding what was
 * stored. Numbers live in a Float64 buffer, strings as Int32 codes into a dictionary, so a million
 * rows cost a few megabytes per column and no per-cell objects.
 */
export class ColumnBuilder {
  mode: StorageMode = 'empty';
  length = 0;
  missing = 0;
  allInteger = true;
  usedDecimalComma = false;
  dayFirst = false;
  typeBreak: TypeBreak | null = null;
  numbers: GrowableFloat64 | null = null;
  codes: GrowableInt32 | null = null;
  readonly dictionary: string[] = [];
  private readonly lookup = new Map<string, number>();
  private slashDatesSwappable = true;
  // Timestamps repeat (daily data, event logs): a small memo skips the regex for repeats.
  private dateMemo = new Map<string, number>();
  private sawIsoDate = false;

  constructor(private readonly allowDecimalComma: boolean) {}

  add(raw: string): void {
    if (isMissing(raw)) {
      this.missing++;
      if (this.mode === 'string') this.codes!.push(-1);
      else if (this.mode !== 'empty') this.numbers!.push(NaN);
      this.length++;
      return;
    }
    switch (this.mode) {
      case 'number':
        this.addNumber(raw);
        break;
      case 'date':
        this.addDate(raw);
        break;
      case 'string':
        this.addString(raw);
        break;
      default:
        this.start(raw);
    }
    this.length++;
  }

  private start(raw: string): void {
    const leading = this.length;
    const asNumber = parseNumber(raw, this.allowDecimalComma);
    if (!Number.isNaN(asNumber)) {
      this.mode = 'number';
      this.numbers = new GrowableFloat64();
      this.numbers.fill(NaN, leading);
      this.addNumber(raw);
      return;
    }
    if (!Number.isNaN(parseDate(raw, false)) || !Number.isNaN(parseDate(raw, true))) {
      this.mode = 'date';
      this.numbers = new GrowableFloat64();
      this.numbers.fill(NaN, leading);
      this.addDate(raw);
      return;
    }
    this.mode = 'string';
    this.codes = new GrowableInt32();
    this.codes.fill(-1, leading);
    this.addString(raw);
  }

  private addNumber(raw: string): void {
    const v = parseNumber(raw, this.allowDecimalComma);
    if (Number.isNaN(v)) return this.demote('number', raw);
    if (this.allInteger && !lastNumberWasInteger) this.allInteger = false;
    if (lastNumberUsedDecimalComma) this.usedDecimalComma = true;
    this.numbers!.push(v);
  }

  private addDate(raw: string): void {
    const memo = this.dateMemo.get(raw);
    if (memo !== undefined) {
      this.numbers!.push(memo);
      return;
    }
    let v = parseDate(raw, this.dayFirst);
    if (Number.isNaN(v) && lastDateWasSlash && !this.dayFirst && this.slashDatesSwappable && !this.sawIsoDate) {
      // `13/02/2024` proves the column is day-first; every earlier value was valid both ways.
      v = parseDate(raw, true);
      if (!Number.isNaN(v)) this.switchToDayFirst();
    }
    if (Number.isNaN(v)) return this.demote('date', raw);
    if (lastDateWasSlash) {
      if (lastDateSlashSecond > 12) this.slashDatesSwappable = false;
    } else {
      this.sawIsoDate = true;
      // Only unambiguous ISO values are memoized: slash dates may still flip to day-first.
      if (this.dateMemo.size >= 4096) this.dateMemo.clear();
      this.dateMemo.set(raw, v);
    }
    this.numbers!.push(v);
  }

  private switchToDayFirst(): void {
    const nums = this.numbers!;
    for (let i = 0; i < nums.length; i++) {
      const t = nums.get(i);
      if (Number.isNaN(t)) continue;
      const d = new Date(t);
      const dayOfDay = t - Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      nums.set(i, Date.UTC(d.getUTCFullYear(), d.getUTCDate() - 1, d.getUTCMonth() + 1) + dayOfDay);
    }
    this.dayFirst = true;
  }

  private addString(raw: string): void {
    let code = this.lookup.get(raw);
    if (code === undefined) {
      code = this.dictionary.length;
      this.dictionary.push(raw);
      this.lookup.set(raw, code);
    }
    this.codes!.push(code);
  }

  /** Re-encodes stored numbers/dates as strings; their original spelling is not kept (see warning). */
  private demote(from: 'number' | 'date', raw: string): void {
    this.typeBreak = { from, rowIndex: this.length, value: raw };
    const nums = this.numbers!;
    this.numbers = null;
    this.mode = 'string';
    this.codes = new GrowableInt32(Math.max(1024, nums.length));
    for (let i = 0; i < nums.length; i++) {
      const v = nums.get(i);
      if (Number.isNaN(v)) this.codes.push(-1);
      else this.addString(from === 'number' ? formatNumber(v, this.usedDecimalComma) : formatDate(v));
    }
    this.addString(raw);
  }
}

function formatNumber(v: number, decimalComma: boolean): string {
  const s = String(v);
  return decimalComma ? s.replace('.', ',') : s;
}

function formatDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}
