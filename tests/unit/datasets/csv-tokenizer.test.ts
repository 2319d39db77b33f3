import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvTokenizer } from '@/server/domain/datasets/csv-tokenizer';

function tokenize(text: string, chunkSize: number, delimiter = ','): string[][] {
  const rows: string[][] = [];
  const t = new CsvTokenizer({
    delimiter,
    newline: '\n',
    maxFieldChars: 1e6,
    maxRowChars: 4e6,
    sink: {
      onRawRow: (s, starts, ends, count) => rows.push(Array.from({ length: count }, (_, k) => s.slice(starts[k], ends[k]))),
      onRecord: (fields) => rows.push([...fields]),
    },
  });
  for (let i = 0; i < text.length; i += chunkSize) t.write(text.slice(i, i + chunkSize));
  t.end();
  return rows;
}

// csv-parse is the reference implementation; the tokenizer exists only for speed (see its header).
const CASES = [
  'a,b\n1,2\n',
  'a,b\r\n1,2\r\n3,4',
  'a,b\n"x, y","z"\n',
  'a,b\n"multi\nline","q"\n',
  'a,b\n"he said ""hi""",2\n',
  'a,b\n"",""\n',
  'a,b\n,\n',
  'a,b\n1,2\n\n\n3,4\n',
  'a,b\nab"c,d\n',
  '"h1","h2"\n"1","2"',
  'a,b\r\n"x\r\ny",2\r\n',
  'a\n""""\n',
  'a,b,c\n1,"",3\n',
  'x;y\n"1;2";3\n',
];

describe('CsvTokenizer agrees with csv-parse', () => {
  for (const text of CASES) {
    it(JSON.stringify(text), () => {
      const delimiter = text.includes(';') ? ';' : ',';
      const expected = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
      for (const chunk of [1, 2, 3, 5, 1000]) expect(tokenize(text, chunk, delimiter)).toEqual(expected);
    });
  }
});
