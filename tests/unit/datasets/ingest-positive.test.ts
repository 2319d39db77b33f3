import { describe, expect, it } from 'vitest';
import { ingestDelimitedFile } from '@/server/domain/datasets/ingest';
import { column, ingest } from './helpers';

describe('ingestDelimitedFile reads well-formed files', () => {
  it('semicolon file with quoted headers and decimal commas', async () => {
    const r = await ingest('"first name";"height (m)";"team"\n"Ann";1,72;red\n"Bo";1,80;blue\n"Cy";1,65;red\n');
    expect(r.delimiter).toBe(';');
    expect(r.preview.header).toEqual(['first name', 'height (m)', 'team']);
    expect(column(r, 'height (m)').type).toBe('numeric');
    expect(r.columns[1]).toMatchObject({ kind: 'float64', values: new Float64Array([1.72, 1.8, 1.65]) });
    expect(r.warnings.join(' ')).toMatch(/decimal commas/);
  });

  it('TSV', async () => {
    const r = await ingest('a\tb\n1\tx y\n2\tz\n');
    expect(r.delimiter).toBe('\t');
    expect(r.preview.rows).toEqual([['1', 'x y'], ['2', 'z']]);
  });

  it('CRLF line endings, BOM and embedded newlines/delimiters in quotes', async () => {
    const text = '\uFEFFid,note\r\n1,"hello, world"\r\n2,"two\r\nlines"\r\n3,"say ""hi"""\r\n';
    const r = await ingest(text, { chunkSize: 3 });
    expect(r.preview.header).toEqual(['id', 'note']);
    expect(r.preview.rows).toEqual([['1', 'hello, world'], ['2', 'two\r\nlines'], ['3', 'say "hi"']]);
    expect(r.rowCount).toBe(3);
  });

  it('classic-Mac CR-only line endings', async () => {
    const r = await ingest('a,b\r1,2\r3,4\r');
    expect(r.rowCount).toBe(2);
  });

  it('reports the line as well as the row when embedded newlines shift them', async () => {
    await expect(ingest('a,b\n1,"x\ny"\n2\n')).rejects.toThrow(/Row 3 \(line 4\) has 1 field/);
  });

  it('a date column and a text target', async () => {
    const rows = ['when,comment,label'];
    for (let i = 0; i < 30; i++) rows.push(`2024-01-${String((i % 28) + 1).padStart(2, '0')},note number ${i} here,${i % 3 === 0 ? 'spam' : 'ham'}`);
    const r = await ingest(rows.join('\n'));
    expect(column(r, 'when').type).toBe('datetime');
    expect(r.columns[0]).toMatchObject({ kind: 'float64' });
    expect((r.columns[0] as { values: Float64Array }).values[0]).toBe(Date.UTC(2024, 0, 1));
    expect(column(r, 'comment').type).toBe('text');
    expect(column(r, 'label')).toMatchObject({ type: 'categorical', distinctCount: 2 });
  });

  it('infers every column type and counts missing values', async () => {
    const rows = ['user_id,score,count,flag,color,born,bio,code'];
    for (let i = 0; i < 40; i++) {
      const score = i === 5 ? 'NA' : (i * 1.25).toString();
      const color = ['red', 'green', 'blue'][i % 3];
      const flag = i % 2 ? 'yes' : 'no';
      const born = i === 7 ? '' : `${String((i % 12) + 1).padStart(2, '0')}/15/1990`;
      rows.push(`u${1000 + i},${score},${i % 4},${flag},${color},${born},"free text, ${i}",0${i % 5}`);
    }
    const r = await ingest(rows.join('\n'));
    const types = Object.fromEntries(r.schema.columns.map((c) => [c.name, c.type]));
    expect(types).toEqual({
      user_id: 'id',
      score: 'numeric',
      count: 'integer',
      flag: 'boolean',
      color: 'categorical',
      born: 'datetime',
      bio: 'text',
      code: 'categorical', // leading zeros: codes, not numbers
    });
    expect(column(r, 'score').missingCount).toBe(1);
    expect(column(r, 'born').missingCount).toBe(1);
    const score = column(r, 'score').stats;
    expect(score.kind).toBe('numeric');
    if (score.kind === 'numeric') {
      expect(score.min).toBe(0);
      expect(score.max).toBe(48.75);
      expect(score.histogram.counts.reduce((a, b) => a + b, 0)).toBe(39);
      expect(score.histogram.counts).toHaveLength(20);
    }
    expect(column(r, 'color').stats).toEqual({
      kind: 'categorical',
      topValues: [
        { value: 'red', count: 14 },
        { value: 'green', count: 13 },
        { value: 'blue', count: 13 },
      ],
    });
    // A yes/no column keeps its own words (code 0 the "no" side, 1 the "yes" side).
    expect(r.columns[3]).toMatchObject({ kind: 'dictionary', dictionary: ['no', 'yes'] });
  });

  it('keeps a boolean column’s own words: the most frequent spelling per side, the opposite word for a side never used', async () => {
    const mixed = await ingest('vote,x\nYes,1\nyes,2\nYes,3\nNo,4\nno,5\nNo,6\n');
    expect(column(mixed, 'vote').type).toBe('boolean');
    expect(mixed.columns[0]).toMatchObject({ dictionary: ['No', 'Yes'], codes: new Int32Array([1, 1, 1, 0, 0, 0]) });
    const oneSided = await ingest('ok,x\nY,1\nY,2\nY,3\n');
    expect(oneSided.columns[0]).toMatchObject({ dictionary: ['N', 'Y'] });
    const words = await ingest('flag,x\ntrue,1\nfalse,2\ntrue,3\n');
    expect(words.columns[0]).toMatchObject({ dictionary: ['false', 'true'] });
  });

  it('switches M/D/Y dates to D/M/Y when a day above 12 appears', async () => {
    const r = await ingest('d,x\n01/02/2024,1\n13/02/2024,2\n');
    expect(column(r, 'd').type).toBe('datetime');
    expect((r.columns[0] as { values: Float64Array }).values).toEqual(new Float64Array([Date.UTC(2024, 1, 1), Date.UTC(2024, 1, 13)]));
  });

  it('a column that stops being numeric becomes text with a warning naming the row', async () => {
    const r = await ingest('a,b\n1,x\n2,y\noops,z\n');
    expect(column(r, 'a').type).toBe('text');
    expect(r.warnings.join(' ')).toMatch(/"a" \(column 1\) held numbers until row 4 \("oops"\)/);
  });

  it('detects a header-less file and names the columns', async () => {
    const r = await ingest('1,2.5,3\n4,5.5,6\n');
    expect(r.schema.hasHeader).toBe(false);
    expect(r.schema.firstDataRow).toBe(1);
    expect(r.preview.header).toEqual(['column_1', 'column_2', 'column_3']);
    expect(r.rowCount).toBe(2);
    expect(r.warnings.join(' ')).toMatch(/first row looks like data/);
  });

  it('keeps formula cells as plain text and says they need escaping on export', async () => {
    const r = await ingest('name,link\na,"=HYPERLINK(""http://evil.example"",""click"")"\nb,@SUM(A1)\nc,+cmd|calc\n');
    expect(r.preview.rows[0]).toEqual(['a', '=HYPERLINK("http://evil.example","click")']);
    expect(column(r, 'link')).toMatchObject({ type: 'text', formulaLikeCount: 3 });
    expect(r.warnings.join(' ')).toMatch(/stored as plain text and must be escaped on export/);
  });

  it('sanitizes a path-traversal file name for display only', async () => {
    const r = await ingest('a\n1\n', { fileName: '../../etc/passwd.csv' });
    expect(r.displayName).toBe('passwd.csv');
    const r2 = await ingest('a\n1\n', { fileName: '..\\..\\evil\u202Egpj.csv\u0000' });
    expect(r2.displayName).toBe('evilgpj.csv');
  });

  it('returns hash, size and a 20-row preview', async () => {
    const { createHash } = await import('node:crypto');
    const text = `x\n${Array.from({ length: 50 }, (_, i) => i).join('\n')}\n`;
    const r = await ingest(text);
    expect(r.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect(r.byteSize).toBe(Buffer.byteLength(text));
    expect(r.preview.rows).toHaveLength(20);
    expect(r.rowCount).toBe(50);
  });

  it('ingests a generated 200k x 20 file, typing every column', async () => {
    const rows = 200_000;
    async function* generate() {
      yield Buffer.from(`${Array.from({ length: 20 }, (_, c) => `c${c}`).join(',')}\n`);
      let batch: string[] = [];
      for (let r = 0; r < rows; r++) {
        const f: string[] = [];
        for (let c = 0; c < 20; c++) f.push(c % 4 === 0 ? ['a', 'b', 'c'][(r + c) % 3]! : c % 4 === 1 ? String((r * c) % 97) : ((r * 31 + c) % 1000 / 7).toFixed(3));
        batch.push(f.join(','));
        if (batch.length === 5000) {
          yield Buffer.from(`${batch.join('\n')}\n`);
          batch = [];
        }
      }
    }
    const r = await ingestDelimitedFile(generate(), { fileName: 'gen.csv', maxBytes: 1e9 });
    expect(r.rowCount).toBe(rows);
    expect(r.schema.columns.map((c) => c.type).slice(0, 4)).toEqual(['categorical', 'integer', 'numeric', 'numeric']);
  });
});
