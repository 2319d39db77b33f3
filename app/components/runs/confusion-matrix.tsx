import { formatCount } from '@/app/lib/format';

/**
 * Rows are the true classes, columns the predicted ones; a cell's shade is its share of the row,
 * so a small class's mistakes are as visible as a large one's.
 */
export function ConfusionMatrix({ matrix, classes }: { matrix: number[][]; classes: string[] }) {
  const name = (i: number) => classes[i] ?? `class ${i}`;
  return (
    <div className="overflow-x-auto">
      <table className="border-separate border-spacing-0.5 text-xs">
        <thead>
          <tr>
            <th className="px-2 py-1 text-left font-normal text-slate-500">true ↓ · predicted →</th>
            {matrix.map((_, j) => (
              <th key={j} scope="col" className="max-w-28 truncate px-2 py-1 text-center font-medium text-slate-700" title={name(j)}>{name(j)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => {
            const total = row.reduce((a, b) => a + b, 0) || 1;
            return (
              <tr key={i}>
                <th scope="row" className="max-w-40 truncate px-2 py-1 text-left font-medium text-slate-700" title={name(i)}>{name(i)}</th>
                {row.map((count, j) => {
                  const share = count / total;
                  const hue = i === j ? '79 70 229' : '220 38 38';
                  return (
                    <td
                      key={j}
                      className={`min-w-16 rounded px-3 py-2 text-center tabular-nums ${share > 0.55 ? 'text-white' : 'text-slate-800'}`}
                      style={{ backgroundColor: `rgb(${hue} / ${count === 0 ? 0.04 : 0.1 + share * 0.85})` }}
                      title={`${name(i)} predicted as ${name(j)}: ${count} (${(share * 100).toFixed(1)}% of ${name(i)})`}
                    >
                      {formatCount(count)}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
