/** What every benchmark prints with: quantiles of repeated measurements and a plain text table. */
export const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

/** Linear interpolation between the closest ranks (numpy's default). */
export const quantile = (values: number[], q: number) => {
  const s = sorted(values);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
};

export const median = (values: number[]) => quantile(values, 0.5);

/** Rows of cells, the first the header, columns padded and separated by a bar. */
export function table(rows: string[][]) {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  │  '));
  console.log('');
}
