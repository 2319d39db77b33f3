import 'server-only';
import Papa from 'papaparse';
import { badInput, columnLabel, formatCount, rowLabel } from '../../shared/datasets/ingest-errors';

/** Receives records. `row` is the 1-based record number (header = 1); `line` the text line it starts on. */
export interface RowSink {
  onRecord(fields: string[], row: number, line: number): void;
}

export interface CsvRowsOptions {
  delimiter: string;
  newline: '\n' | '\r';
  maxFieldChars: number;
  maxRowChars: number;
  sink: RowSink;
  /** Names a 0-based column in messages once the header is known. */
  describeColumn?: (index: number) => string;
}

type StepResult = Papa.ParseStepResult<string[][]>;

const CR = 13;

/**
 * Streams decoded text through papaparse, one chunk at a time, and hands complete records to a sink.
 *
 * Bridge: papaparse's Node duplex (`Papa.parse(Papa.NODE_STREAM_INPUT)`) passes on rows only, without
 * the per-row errors and cursors our messages need, and its Readable streamer is asynchronous and
 * hides the held-back partial row that the size limits must watch. So this drives papaparse's core
 * `Papa.Parser` (exported and typed, though not in its docs) synchronously, the way its own
 * ChunkStreamer does: parse `pending + chunk` with `ignoreLastRow`, keep the text after the last
 * complete record, repeat. A quoted field cut by a chunk boundary is simply re-read with the next
 * chunk, so results do not depend on how the text is split (tests/unit/datasets/csv-rows.test.ts).
 * The version is pinned; re-run those tests when upgrading papaparse.
 *
 * What this adds on top of papaparse: the row/line bookkeeping for messages, skipping empty lines,
 * trimming the CR of `\r\n` line ends (we parse with `\n` so mixed line ends work), field and row
 * size limits (papaparse has none), and our wording for its quote errors. Values stay strings: the
 * value parsers type them, never papaparse's `dynamicTyping`.
 *
 * Known leniency inherited from papaparse: whitespace between a closing quote and the delimiter or
 * line end (`"x"  ,y`, also a lone CR) is ignored instead of being reported as text after the quote.
 */
export class CsvRows {
  private pending = '';
  private row = 0;
  private line = 1;
  private readonly parser: Papa.Parser;
  private readonly delimCode: number;
  private readonly nlCode: number;
  /** The text of the parse in progress and where its next record starts, for the step callback. */
  private input = '';
  private rowStart = 0;

  constructor(private readonly opts: CsvRowsOptions) {
    this.delimCode = opts.delimiter.charCodeAt(0);
    this.nlCode = opts.newline.charCodeAt(0);
    this.parser = new Papa.Parser({
      delimiter: opts.delimiter,
      newline: opts.newline,
      quoteChar: '"',
      step: (result: StepResult) => this.onStep(result),
    });
  }

  write(text: string): void {
    this.parse(this.pending.length === 0 ? text : this.pending + text, false);
    if (this.pending.length > this.opts.maxFieldChars) this.checkPending();
  }

  end(): void {
    let rest = this.pending;
    // papaparse reads a final `"x"\r` as text after the quote; like `\r\n`, that CR only ends the row.
    if (this.opts.newline === '\n' && rest.charCodeAt(rest.length - 1) === CR) rest = rest.slice(0, -1);
    this.pending = '';
    this.parse(rest, true);
  }

  /** Where the text fed so far stops: the row, 1-based column and line of the next character. */
  position(): { row: number; column: number; line: number } {
    const s = this.pending;
    const fields = s.length === 0 ? [] : (parseWhole(s, this.opts).data[0] ?? []);
    return { row: this.row + 1, column: Math.max(1, fields.length), line: this.line + countChar(s, this.opts.newline) };
  }

  private parse(input: string, final: boolean): void {
    this.input = input;
    this.rowStart = 0;
    const result = this.parser.parse(input, 0, !final) as Papa.ParseResult<string[]>;
    this.pending = final ? '' : input.slice(result.meta.cursor);
    this.input = '';
  }

  private onStep(result: StepResult): void {
    const fields = result.data[0] as string[];
    const input = this.input;
    const start = this.rowStart;
    const end = result.meta.cursor;
    this.rowStart = end;
    const error = result.errors[0];
    if (error !== undefined) this.quoteError(error, input, start);

    const count = fields.length;
    let chars = count - 1;
    for (let k = 0; k < count; k++) chars += (fields[k] as string).length;
    const nl = end > start && input.charCodeAt(end - 1) === this.nlCode ? 1 : 0;
    // Quotes always add characters, and unescaping only removes some: equal lengths mean no quotes.
    const quoted = end - start !== chars + nl;
    const last = fields[count - 1] as string;
    if (this.opts.newline === '\n' && last.charCodeAt(last.length - 1) === CR && (!quoted || this.endsUnquoted(last, start, end - nl))) {
      fields[count - 1] = last.slice(0, -1);
    }
    if (count === 1 && fields[0] === '' && !quoted) {
      this.line++; // empty line: skipped, but editors still count it
      return;
    }
    if (end - start > this.opts.maxFieldChars) this.checkSizes(fields, end - start);
    let linesInside = 0;
    if (quoted) for (const f of fields) linesInside += countChar(f, this.opts.newline);
    this.row++;
    this.opts.sink.onRecord(fields, this.row, this.line);
    this.line += linesInside + 1;
  }

  /** Whether `last` is the raw, unquoted text just before `stop` (so its CR belongs to a `\r\n`). */
  private endsUnquoted(last: string, start: number, stop: number): boolean {
    const from = stop - last.length;
    return from >= start && this.input.startsWith(last, from) && (from === start || this.input.charCodeAt(from - 1) === this.delimCode);
  }

  /** `text` is what papaparse was parsing; the record at fault starts at `rowStart` in it. */
  private quoteError(error: Papa.ParseError, text: string, rowStart: number): never {
    // papaparse reports the index just after the opening quote of the field at fault.
    const quoteAt = Math.max(rowStart, (error.index ?? rowStart + 1) - 1);
    const where = this.where(this.columnAt(text.slice(rowStart, quoteAt)));
    if (error.code === 'MissingQuotes') {
      throw badInput(`${where}: a quoted field is never closed; expected a closing double quote (") before the end of the file.`);
    }
    if (error.code === 'InvalidQuotes') {
      throw badInput(
        `${where}: unexpected text after a closing quote; expected the delimiter or the end of the line (write a quote inside a quoted field as "").`,
      );
    }
    throw badInput(`${where}: ${error.message}.`);
  }

  /** 0-based column of the field that starts after `rowPrefix` (text from the row start). */
  private columnAt(rowPrefix: string): number {
    if (rowPrefix.length === 0) return 0;
    return Math.max(0, (parseWhole(rowPrefix, this.opts).data[0]?.length ?? 1) - 1);
  }

  /** The incomplete record held back is over `maxFieldChars`: find a field or row that broke a limit. */
  private checkPending(): void {
    // Trailing whitespace could be the start of `\r\n` after a closing quote, not text after it.
    const result = parseWhole(this.pending.trimEnd(), this.opts);
    // An unclosed quote is expected here (the field goes on in the next chunk); text after one is not.
    const invalid = result.errors.find((e) => e.code === 'InvalidQuotes');
    if (invalid !== undefined) this.quoteError(invalid, this.pending, 0);
    const fields = result.data[0] ?? [];
    this.checkSizes(fields, this.pending.length);
  }

  private checkSizes(fields: string[], rowChars: number): void {
    for (let k = 0; k < fields.length; k++) {
      if ((fields[k] as string).length > this.opts.maxFieldChars) {
        throw badInput(
          `${this.where(k)}: a single field is longer than ${formatCount(this.opts.maxFieldChars)} characters; expected fields under that limit.`,
        );
      }
    }
    if (rowChars > this.opts.maxRowChars) {
      throw badInput(
        `${rowLabel(this.row + 1, this.line)} is longer than ${formatCount(this.opts.maxRowChars)} characters (still growing at ${this.label(Math.max(0, fields.length - 1))}); expected rows under that size. An unclosed quote can cause this.`,
      );
    }
  }

  private label(index: number): string {
    return this.opts.describeColumn?.(index) ?? columnLabel(index);
  }

  /** The record being read (not yet counted) and a column of it. */
  private where(index: number): string {
    return `${rowLabel(this.row + 1, this.line)}, ${this.label(index)}`;
  }
}

/** Parses a short piece of text in one go (for locating problems, never on the hot path). */
function parseWhole(text: string, opts: CsvRowsOptions): Papa.ParseResult<string[]> {
  return new Papa.Parser({ delimiter: opts.delimiter, newline: opts.newline, quoteChar: '"' }).parse(text, 0, false) as Papa.ParseResult<string[]>;
}

function countChar(s: string, ch: string): number {
  let count = 0;
  for (let i = s.indexOf(ch); i !== -1; i = s.indexOf(ch, i + 1)) count++;
  return count;
}
