import 'server-only';
import { ColumnBuilder } from './column-builder';
import type { RowSink } from './csv-rows';
import { finalizeColumn } from './column-finalize';
import { generatedNames, looksLikeDataRow, validateHeaderNames } from './header';
import { badInput, columnLabel, formatCount, rowLabel } from '../../shared/datasets/ingest-errors';
import { isFormulaLike } from './spreadsheet-formula';
import type { ColumnSchema, DatasetSchema, Delimiter, IngestLimits, TypedColumn } from '../../shared/datasets/types';

export interface BuiltDataset {
  schema: DatasetSchema;
  columns: TypedColumn[];
  preview: { header: string[]; rows: string[][] };
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/** Receives parsed records: reads the header, enforces the row shape, feeds one builder per column. */
export class DatasetBuilder implements RowSink {
  private names: string[] = [];
  private builders: ColumnBuilder[] = [];
  private hasHeader = true;
  private readonly previewRows: string[][] = [];
  private rows = 0;

  constructor(
    private readonly limits: IngestLimits,
    /** The reader picks the delimiter from the first bytes, after this builder exists. */
    private readonly delimiterOf: () => Delimiter,
    private readonly warnings: string[],
  ) {}

  get started(): boolean {
    return this.builders.length > 0;
  }

  describeColumn = (index: number): string => columnLabel(index, this.names[index]);

  onRecord(fields: string[], row: number, line: number): void {
    if (!this.started) {
      // Blank or delimiter-only lines before the header carry nothing: skip them.
      if (fields.every((f) => f.trim() === '')) return;
      return this.onFirstRecord(fields, row);
    }
    const builders = this.builders;
    if (fields.length !== builders.length) {
      // A line of only spaces in a multi-column file is a blank line, not a one-field row.
      if (fields.length === 1 && (fields[0] as string).trim() === '') return;
      throw this.raggedRow(fields, row, line);
    }
    this.accept(fields);
  }

  private onFirstRecord(fields: string[], row: number): void {
    if (fields.length > this.limits.maxColumns) {
      throw badInput(
        `Row ${row} has ${formatCount(fields.length)} columns; expected at most ${formatCount(this.limits.maxColumns)}.`,
      );
    }
    const decimalComma = this.delimiterOf() !== ',';
    this.hasHeader = !looksLikeDataRow(fields, decimalComma);
    if (this.hasHeader) {
      this.names = validateHeaderNames(fields, row, this.limits.maxHeaderNameChars, this.warnings);
      const formulaNames = this.names.filter(isFormulaLike).length;
      if (formulaNames > 0) {
        this.warnings.push(`${formulaNames} header name(s) start with =, +, - or @; they are kept as text and must be escaped on export.`);
      }
    } else {
      this.names = generatedNames(fields.length);
      this.warnings.push(
        `The first row looks like data (only numbers or dates), so it is read as data and the columns are named column_1 to column_${fields.length}.`,
      );
    }
    this.builders = fields.map(() => new ColumnBuilder(decimalComma));
    if (!this.hasHeader) this.accept(fields);
  }

  private accept(fields: string[]): void {
    if (this.previewRows.length < this.limits.previewRows) this.previewRows.push(fields);
    const builders = this.builders;
    for (let c = 0; c < builders.length; c++) (builders[c] as ColumnBuilder).add(fields[c] as string);
    this.rows++;
  }

  private raggedRow(fields: string[], row: number, line: number): Error {
    const n = this.builders.length;
    const source = this.hasHeader ? `header has ${n} column${n === 1 ? '' : 's'}` : `the first row has ${n} fields`;
    let hint = '';
    const delimiter = this.delimiterOf();
    const others = Object.keys(DELIMITER_NAMES).filter((d) => d !== delimiter);
    const joined = fields.join(delimiter);
    const foreign = others.find((d) => joined.includes(d));
    if (foreign !== undefined && fields.length < n) {
      hint = ` The file is read as ${DELIMITER_NAMES[delimiter]}-separated but this row contains ${DELIMITER_NAMES[foreign]}s: are delimiters mixed?`;
    }
    return badInput(
      `${rowLabel(row, line)} has ${fields.length} field${fields.length === 1 ? '' : 's'}, expected ${n} (${source}).${hint}`,
    );
  }

  finish(): BuiltDataset {
    const firstDataRow = this.hasHeader ? 2 : 1;
    if (!this.started) {
      throw badInput('The file has no header and no data: every line is blank or only delimiters; expected a header row and data rows.');
    }
    if (this.rows === 0) {
      throw badInput(
        `The file has a header row (${this.builders.length} columns) but no data rows; expected at least one data row.`,
      );
    }
    const schemaColumns: ColumnSchema[] = [];
    const columns: TypedColumn[] = [];
    this.builders.forEach((b, i) => {
      const done = finalizeColumn(b, this.names[i] as string, i, firstDataRow);
      schemaColumns.push(done.schema);
      columns.push(done.column);
      this.warnings.push(...done.warnings);
      // Release the builder's buffers as soon as the column is done: halves peak memory.
      this.builders[i] = undefined as unknown as ColumnBuilder;
    });
    return {
      schema: { columns: schemaColumns, rowCount: this.rows, hasHeader: this.hasHeader, firstDataRow },
      columns,
      preview: { header: [...this.names], rows: this.previewRows },
    };
  }
}
