import { describe, expect, it } from 'vitest';
import { ingestDelimitedFile } from '@/server/domain/datasets/ingest';
import { MB, expectRejection, ingest } from './helpers';

describe('ingestDelimitedFile rejects malformed and hostile files', () => {
  it('empty file', async () => {
    await expectRejection(ingest(''), [/empty \(0 bytes\)/, /expected a header row/]);
  });

  it('whitespace-only file', async () => {
    await expectRejection(ingest('   \n \t \n\n'), [/only whitespace/]);
  });

  it('file with only a BOM', async () => {
    await expectRejection(ingest(Buffer.from([0xef, 0xbb, 0xbf])), [/only a byte-order mark/]);
  });

  it('lone carriage return', async () => {
    await expectRejection(ingest('\r'), [/only (whitespace|a byte-order mark)/]);
  });

  it('header only', async () => {
    await expectRejection(ingest('a,b,c\n'), [/header row \(3 columns\) but no data rows/]);
  });

  it('ragged short row names row, counts and header', async () => {
    const rows = ['a,b,c,d', ...Array.from({ length: 15 }, (_, i) => `${i},1,2,3`), '1,2,3', '4,5,6,7'];
    await expectRejection(ingest(rows.join('\n')), [/^Row 17 has 3 fields, expected 4 \(header has 4 columns\)/]);
  });

  it('ragged long row', async () => {
    await expectRejection(ingest('a,b\n1,2\n3,4,5\n'), [/Row 3 has 3 fields, expected 2 \(header has 2 columns\)/]);
  });

  it('mixed delimiters hint at the cause', async () => {
    await expectRejection(ingest('a,b,c\n1,2,3\n4;5;6\n'), [/Row 3 has 1 field, expected 3/, /semicolons/, /mixed/]);
  });

  it('NUL bytes in data, located by row and column', async () => {
    await expectRejection(ingest('a,b\n1,2\n3,x\u0000y\n'), [/Row 3, "b" \(column 2\)/, /NUL byte/, /binary/]);
  });

  it('NUL byte in the header', async () => {
    await expectRejection(ingest('name,ag\u0000e\n1,2\n'), [/Row 1, column 2/, /NUL byte/]);
  });

  it('non-UTF-8 (latin-1) bytes, located by row and column', async () => {
    const latin1 = Buffer.concat([Buffer.from('city,pop\nParis,2\nMontr'), Buffer.from([0xe9]), Buffer.from('al,1\n')]);
    await expectRejection(ingest(latin1), [/Row 3, "city" \(column 1\)/, /not valid UTF-8/, /0xE9/, /Latin-1/]);
  });

  it('a PNG image', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    await expectRejection(ingest(png), [/looks like a PNG image/, /expected a UTF-8 CSV/]);
  });

  it('a gzip file', async () => {
    const { gzipSync } = await import('node:zlib');
    await expectRejection(ingest(gzipSync('a,b\n1,2\n')), [/gzip-compressed/]);
  });

  it('an xlsx (zip) workbook', async () => {
    await expectRejection(ingest(Buffer.from('PK\u0003\u0004rest', 'latin1')), [/Excel \.xlsx/]);
  });

  it('UTF-16 text', async () => {
    await expectRejection(ingest(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,2\n', 'utf16le')])), [/UTF-16/]);
  });

  it('duplicate header names name both columns', async () => {
    await expectRejection(ingest('id,age,age\n1,2,3\n'), [/columns 2 and 3 are both named "age"/]);
  });

  it('quoted header duplicates (after trimming)', async () => {
    await expectRejection(ingest('"x";" x ";"y"\n1;2;3\n'), [/columns 1 and 2 are both named "x"/]);
  });

  it('empty header name gives the column number', async () => {
    await expectRejection(ingest('a,,c\n1,2,3\n'), [/Row 1 \(header\), column 2 has an empty name/]);
  });

  it('trailing delimiter in the header is explained', async () => {
    await expectRejection(ingest('a,b,\n1,2,\n'), [/column 3 has an empty name \(a delimiter at the end/]);
  });

  it('extremely long header name', async () => {
    await expectRejection(ingest(`${'h'.repeat(10_000)},b\n1,2\n`), [/column 1 has a name of 10,000 characters; expected at most 256/]);
  });

  it('control character in a header name', async () => {
    await expectRejection(ingest('a,"b\u001b[31m"\n1,2\n'), [/column 2 name contains the control character U\+001B/]);
  });

  it('all-missing column', async () => {
    await expectRejection(ingest('a,b,c\n1,,x\n2,NA,y\n3,?,z\n'), [/"b" \(column 2\) has no values: all 3 data rows are missing/]);
  });

  it('10,000 columns', async () => {
    const header = Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',');
    await expectRejection(ingest(`${header}\n${header}\n`, { chunkSize: 64 * 1024 }), [/Row 1 has 10,000 columns; expected at most 2,000/]);
  });

  it('10 MB single field is rejected by row and column without reading the rest', async () => {
    let produced = 0;
    async function* source() {
      yield Buffer.from('id,text\n1,short\n2,"');
      const block = Buffer.alloc(64 * 1024, 'x');
      for (let i = 0; i < 160; i++) {
        produced += block.length;
        yield block;
      }
      yield Buffer.from('"\n');
    }
    await expectRejection(ingestDelimitedFile(source(), { fileName: 'f.csv', maxBytes: 100 * MB }), [
      /Row 3, "text" \(column 2\)/,
      /single field is longer than 1,000,000 characters/,
    ]);
    expect(produced).toBeLessThan(2 * MB);
  });

  it('unterminated quote names where it opened', async () => {
    await expectRejection(ingest('a,b\n1,"oops\n2,3\n'), [/Row 2, "b" \(column 2\)/, /quoted field is never closed/]);
  });

  it('text after a closing quote', async () => {
    await expectRejection(ingest('a,b\n1,"x"y\n'), [/Row 2, "b" \(column 2\)/, /unexpected text after a closing quote/]);
  });

  it('over-size file is rejected while streaming, without reading 300 MB', async () => {
    let produced = 0;
    async function* huge() {
      yield Buffer.from('a,b\n');
      const block = Buffer.from('1,2\n'.repeat(16 * 1024));
      while (produced < 300 * MB) {
        produced += block.length;
        yield block;
      }
    }
    await expectRejection(ingestDelimitedFile(huge(), { fileName: 'big.csv', maxBytes: MB }), [/larger than the 1 MB limit/], 'PAYLOAD_TOO_LARGE');
    expect(produced).toBeLessThanOrEqual(MB + 64 * 1024);
  });

  it('over-size Readable is destroyed', async () => {
    const { Readable } = await import('node:stream');
    const stream = Readable.from((function* () {
      for (let i = 0; i < 10_000; i++) yield Buffer.alloc(1024, 'a');
    })());
    await expectRejection(ingestDelimitedFile(stream, { fileName: 'x.csv', maxBytes: 10_000 }), [/limit/], 'PAYLOAD_TOO_LARGE');
    expect(stream.destroyed).toBe(true);
  });

  it('blank and delimiter-only lines are not a header', async () => {
    await expectRejection(ingest(',,\n,,\n'), [/every line is blank or only delimiters/]);
  });
});
