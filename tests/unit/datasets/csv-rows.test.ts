import { describe, expect, it } from 'vitest';
import { CsvRows } from '@/server/domain/datasets/csv-rows';
import { DomainError } from '@/server/shared/errors';

interface Record {
  fields: string[];
  row: number;
  line: number;
}

/** Feeds `text` whole (chunkSize 0) or in pieces of `chunkSize` characters; returns records or the error. */
function read(text: string, chunkSize: number, delimiter: string, newline: '\n' | '\r' = '\n'): Record[] | string {
  const records: Record[] = [];
  const rows = new CsvRows({
    delimiter,
    newline,
    maxFieldChars: 1e6,
    maxRowChars: 4e6,
    sink: { onRecord: (fields, row, line) => records.push({ fields: [...fields], row, line }) },
  });
  try {
    const size = chunkSize === 0 ? Math.max(1, text.length) : chunkSize;
    for (let i = 0; i < text.length; i += size) rows.write(text.slice(i, i + size));
    rows.end();
  } catch (e) {
    if (e instanceof DomainError) return e.userMessage;
    throw e;
  }
  return records;
}

/** Short form: rows as field arrays, numbered 1.. on consecutive lines unless `at` says otherwise. */
function records(rows: string[][], at: Array<[row: number, line: number]> = []): Record[] {
  return rows.map((fields, i) => {
    const [row, line] = at[i] ?? [i + 1, i + 1];
    return { fields, row, line };
  });
}

const CHUNK_SIZES = [1, 2, 3, 5, 1000];

const CASES: Array<{ text: string; delimiter?: string; newline?: '\n' | '\r'; expected: Record[] }> = [
  { text: 'a,b\n1,2\n', expected: records([['a', 'b'], ['1', '2']]) },
  { text: 'a,b\r\n1,2\r\n3,4', expected: records([['a', 'b'], ['1', '2'], ['3', '4']]) },
  { text: 'a,b\n"x, y","z"\n', expected: records([['a', 'b'], ['x, y', 'z']]) },
  { text: 'a,b\n"multi\nline","q"\n3,4\n', expected: records([['a', 'b'], ['multi\nline', 'q'], ['3', '4']], [[1, 1], [2, 2], [3, 4]]) },
  { text: 'a,b\n"he said ""hi""",2\n', expected: records([['a', 'b'], ['he said "hi"', '2']]) },
  { text: 'a,b\n"",""\n', expected: records([['a', 'b'], ['', '']]) },
  { text: 'a,b\n,\n', expected: records([['a', 'b'], ['', '']]) },
  // Empty lines are skipped but counted as lines.
  { text: 'a,b\n1,2\n\n\n3,4\n', expected: records([['a', 'b'], ['1', '2'], ['3', '4']], [[1, 1], [2, 2], [3, 5]]) },
  { text: 'a,b\r\n\r\n1,2\r\n', expected: records([['a', 'b'], ['1', '2']], [[1, 1], [2, 3]]) },
  // A quote inside an unquoted field is literal.
  { text: 'a,b\nab"c,d\n', expected: records([['a', 'b'], ['ab"c', 'd']]) },
  { text: '"h1","h2"\n"1","2"', expected: records([['h1', 'h2'], ['1', '2']]) },
  { text: 'a,b\r\n"x\r\ny",2\r\n', expected: records([['a', 'b'], ['x\r\ny', '2']]) },
  { text: 'a\n""""\n', expected: records([['a'], ['"']]) },
  // A quoted empty line is a value; a bare empty line is not.
  { text: 'a\n""\n\nb\n', expected: records([['a'], [''], ['b']], [[1, 1], [2, 2], [3, 4]]) },
  { text: 'a,b,c\n1,"",3\n', expected: records([['a', 'b', 'c'], ['1', '', '3']]) },
  { text: 'x;y\n"1;2";3\n', delimiter: ';', expected: records([['x', 'y'], ['1;2', '3']]) },
  { text: 'x\ty\n"a\tb"\t"c\nd"\n1\t2', delimiter: '\t', expected: records([['x', 'y'], ['a\tb', 'c\nd'], ['1', '2']], [[1, 1], [2, 2], [3, 4]]) },
  // The CR of a CRLF is dropped, a CR inside quotes kept; a file may end in CR after a quote.
  { text: 'a,b\r\n1,"x\r"\r\n2,"y"\r', expected: records([['a', 'b'], ['1', 'x\r'], ['2', 'y']]) },
  { text: 'a,b\r"x\ry",2\r3,4\r', newline: '\r', expected: records([['a', 'b'], ['x\ry', '2'], ['3', '4']], [[1, 1], [2, 2], [3, 4]]) },
  { text: 'a,b\n"""",""""""\n"""x""",y', expected: records([['a', 'b'], ['"', '""'], ['"x"', 'y']]) },
  { text: 'a,b\n"one\n\ntwo\nthree",x\n"",\n', expected: records([['a', 'b'], ['one\n\ntwo\nthree', 'x'], ['', '']], [[1, 1], [2, 2], [3, 6]]) },
  { text: 'id,t\n1,"é😀"\n2,"😀,é"\n', expected: records([['id', 't'], ['1', 'é😀'], ['2', '😀,é']]) },
];

describe('CsvRows (papaparse) yields the same records however the text is split', () => {
  for (const c of CASES) {
    it(JSON.stringify(c.text), () => {
      const delimiter = c.delimiter ?? ',';
      expect(read(c.text, 0, delimiter, c.newline)).toEqual(c.expected);
      for (const size of CHUNK_SIZES) expect(read(c.text, size, delimiter, c.newline), `chunks of ${size}`).toEqual(c.expected);
    });
  }

  const ERRORS: Array<[text: string, message: RegExp]> = [
    ['a,b\n1,"oops\n2,3\n', /^Row 2, column 2: a quoted field is never closed/],
    ['a,b\n"x\ny",2\n3,"oops', /^Row 3 \(line 4\), column 2: a quoted field is never closed/],
    ['a,b\n1,"x"y\n2,3\n', /^Row 2, column 2: unexpected text after a closing quote/],
    ['a,b,c\n1,2,"x"y,"z"\n', /^Row 2, column 3: unexpected text after a closing quote/],
    ['"a"b,c\n', /^Row 1, column 1: unexpected text after a closing quote/],
  ];
  for (const [text, message] of ERRORS) {
    it(`rejects ${JSON.stringify(text)} with the same message`, () => {
      for (const size of [0, ...CHUNK_SIZES]) expect(read(text, size, ','), `chunks of ${size}`).toMatch(message);
    });
  }

  it('rejects an over-long field while it is still open, by row and column', () => {
    const rows = new CsvRows({ delimiter: ',', newline: '\n', maxFieldChars: 100, maxRowChars: 400, sink: { onRecord: () => {} } });
    rows.write('a,b\n1,"');
    expect(() => {
      for (let i = 0; i < 20; i++) rows.write('x'.repeat(10));
    }).toThrow(/^Row 2, column 2: a single field is longer than 100 characters/);
  });

  it('rejects an over-long row that has no over-long field', () => {
    const rows = new CsvRows({ delimiter: ',', newline: '\n', maxFieldChars: 100, maxRowChars: 400, sink: { onRecord: () => {} } });
    expect(() => {
      for (let i = 0; i < 10; i++) rows.write(`${'y'.repeat(50)},`);
    }).toThrow(/^Row 1 is longer than 400 characters \(still growing at column 9\)/);
  });
});
