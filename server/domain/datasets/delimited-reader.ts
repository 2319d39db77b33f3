import 'server-only';
import { firstInvalidUtf8Offset, hexByte, looksLikeUtf16, rejectKnownBinaryFormat } from './byte-checks';
import { CsvRows, type RowSink } from './csv-rows';
import { detectDelimiter, detectNewline } from './delimiter';
import { badInput, rowLabel } from '../../shared/datasets/ingest-errors';
import type { Delimiter, IngestLimits } from '../../shared/datasets/types';

export interface RecordSink extends RowSink {
  describeColumn: (index: number) => string;
}

/**
 * Bytes in, records out. Validates the encoding as it streams (fatal UTF-8 decoding, no NUL bytes)
 * and locates any bad byte by row and column by feeding the parser the text just before it.
 */
export class DelimitedReader {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private rows: CsvRows | null = null;
  private delimiterValue: Delimiter = ',';
  private sawText = false;
  private bytesBefore = 0;

  constructor(
    private readonly limits: IngestLimits,
    private readonly sink: RecordSink,
  ) {}

  get delimiter(): Delimiter {
    return this.delimiterValue;
  }

  /** True once any non-whitespace character was read. */
  get hasContent(): boolean {
    return this.sawText;
  }

  /** The first bytes of the file (whole file if shorter): sniffs the format, then parses them. */
  start(head: Buffer, complete: boolean): void {
    rejectKnownBinaryFormat(head);
    const sample = new TextDecoder('utf-8').decode(head);
    this.delimiterValue = detectDelimiter(sample, complete);
    this.rows = new CsvRows({
      delimiter: this.delimiterValue,
      newline: detectNewline(sample),
      maxFieldChars: this.limits.maxFieldChars,
      maxRowChars: this.limits.maxRowChars,
      sink: this.sink,
      describeColumn: this.sink.describeColumn,
    });
    this.feed(head);
  }

  feed(chunk: Buffer): void {
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      this.rejectInvalidUtf8(chunk);
    }
    const nul = text.indexOf('\u0000');
    if (nul !== -1) this.rejectNul(text, nul, chunk);
    if (!this.sawText && /\S/.test(text.replace(/\uFEFF/g, ''))) this.sawText = true;
    this.rows!.write(text);
    this.bytesBefore += chunk.length;
  }

  end(): void {
    try {
      this.decoder.decode();
    } catch {
      throw badInput(`${this.here()}: the file ends in the middle of a UTF-8 character; expected UTF-8 text (re-save the file as UTF-8).`);
    }
    this.rows!.end();
  }

  private here(): string {
    const p = this.rows!.position();
    return `${rowLabel(p.row, p.line)}, ${this.sink.describeColumn(p.column - 1)}`;
  }

  private rejectInvalidUtf8(chunk: Buffer): never {
    const at = Math.max(0, firstInvalidUtf8Offset(chunk));
    this.rows!.write(new TextDecoder('utf-8').decode(chunk.subarray(0, at)));
    throw badInput(
      `${this.here()} contains bytes that are not valid UTF-8 (${hexByte(chunk[at])} at byte ${this.bytesBefore + at + 1}); expected UTF-8 text. The file may be Latin-1 or Windows-1252: re-save it as UTF-8.`,
    );
  }

  private rejectNul(text: string, index: number, chunk: Buffer): never {
    this.rows!.write(text.slice(0, index));
    const hint =
      this.bytesBefore === 0 && looksLikeUtf16(chunk)
        ? ' It looks like UTF-16 text: re-save it as UTF-8.'
        : ' This looks like binary data, not a text file.';
    throw badInput(`${this.here()} contains a NUL byte; expected delimited text.${hint}`);
  }
}
