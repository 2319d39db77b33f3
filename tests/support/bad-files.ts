import { gzipSync } from 'node:zlib';

/** Malformed and hostile files, each with the words its rejection must contain. */
export interface BadFile {
  name: string;
  fileName?: string;
  content: () => Buffer | AsyncIterable<Buffer>;
  maxBytes?: number;
  expect: RegExp[];
  code?: 'BAD_INPUT' | 'PAYLOAD_TOO_LARGE';
}

const text = (s: string) => () => Buffer.from(s, 'utf8');
const MB = 1024 * 1024;

async function* endless(totalBytes: number): AsyncGenerator<Buffer> {
  const line = Buffer.from('1.5,2.5,3.5,label_a\n'.repeat(3000));
  yield Buffer.from('a,b,c,label\n');
  for (let sent = 0; sent < totalBytes; sent += line.length) yield line;
}

export const BAD_FILES: BadFile[] = [
  { name: 'empty file', content: text(''), expect: [/empty \(0 bytes\)/] },
  { name: 'whitespace only', content: text('  \n\t\n'), expect: [/only whitespace/] },
  { name: 'only a byte-order mark', content: () => Buffer.from([0xef, 0xbb, 0xbf]), expect: [/byte-order mark/] },
  { name: 'header only', content: text('a,b,c\n'), expect: [/no data rows/] },
  { name: 'ragged short row', content: text('a,b,c\n1,2,3\n4,5\n'), expect: [/Row 3 has 2 fields, expected 3/] },
  { name: 'ragged long row', content: text('a,b\n1,2\n3,4,5\n'), expect: [/Row 3 has 3 fields, expected 2/] },
  { name: 'NUL bytes (binary data)', content: text('a,b\n1,2\n3,x\u0000y\n'), expect: [/Row 3/, /NUL byte/] },
  { name: 'non-UTF-8 bytes', content: () => Buffer.concat([Buffer.from('city,n\nMontr'), Buffer.from([0xe9]), Buffer.from('al,1\n')]), expect: [/Row 2/, /not valid UTF-8/] },
  { name: 'a PNG image', content: () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), expect: [/PNG image/] },
  { name: 'a gzip file', content: () => gzipSync('a,b\n1,2\n'), expect: [/gzip/] },
  { name: 'an xlsx workbook', content: () => Buffer.from('PK\u0003\u0004rest', 'latin1'), expect: [/Excel/] },
  { name: 'UTF-16 text', content: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,2\n', 'utf16le')]), expect: [/UTF-16/] },
  { name: 'duplicate header names', content: text('id,age,age\n1,2,3\n'), expect: [/columns 2 and 3 are both named "age"/] },
  { name: 'empty header name', content: text('a,,c\n1,2,3\n'), expect: [/column 2 has an empty name/] },
  { name: 'an all-missing column', content: text('a,b\n1,\n2,NA\n3,\n'), expect: [/"b"/, /missing in every row|no values/i] },
  { name: '10,000 columns', content: () => Buffer.from(Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',') + '\n' + '1,'.repeat(9_999) + '1\n'), expect: [/10,000 columns/] },
  { name: 'a 10 MB single field', content: () => Buffer.concat([Buffer.from('a,b\n1,"'), Buffer.alloc(10 * MB, 0x78), Buffer.from('"\n')]), expect: [/Row 2/, /"b"/] },
  { name: 'an unterminated quote', content: text('a,b\n1,"open\n2,3\n'), expect: [/quote/i] },
  { name: 'a file over the size limit (stopped while streaming)', content: () => endless(300 * MB), maxBytes: 1 * MB, code: 'PAYLOAD_TOO_LARGE', expect: [/larger than the 1(\.0)? MB limit/] },
  { name: 'mixed delimiters', content: text('a,b,c\n1,2,3\n4;5;6\n'), expect: [/Row 3/] },
  { name: 'a NUL byte in the header', content: text('name,ag\u0000e\n1,2\n'), expect: [/Row 1/, /NUL byte/] },
  { name: 'a 10,000-character header name', content: () => Buffer.from(`a,${'h'.repeat(10_000)}\n1,2\n`), expect: [/column 2/, /characters/] },
  { name: 'a lone carriage return', content: text('\r'), expect: [/only (whitespace|a byte-order mark)/] },
  { name: 'blank lines only', content: text('\n\n\n'), expect: [/only (whitespace|blank lines)/] },
  { name: 'text after a closing quote', content: text('a,b\n1,"x"y\n'), expect: [/Row 2/, /quote/i] },
  { name: 'quoted-header duplicates', content: text('"x";" x ";"y"\n1;2;3\n'), expect: [/both named "x"/] },
];

/** Files that parse but cannot be registered with the chosen target. */
export const BAD_TARGETS = [
  { name: 'a target with one class only', csv: 'x,y\n1,a\n2,a\n3,a\n', target: 'y', taskKind: 'classification' as const, expect: /only one class \("a"\)/ },
  { name: 'a target with missing values', csv: 'x,y\n1,a\n2,\n3,b\n4,\n', target: 'y', taskKind: 'classification' as const, expect: /missing in 2 rows, first at row 3/ },
  { name: 'regression on a text target', csv: 'x,y\n1,a\n2,b\n3,c\n', target: 'y', taskKind: 'regression' as const, expect: /Regression needs a numeric target/ },
];
