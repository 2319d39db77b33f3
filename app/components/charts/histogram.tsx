import { formatCount, formatDate, formatNumber } from '@/app/lib/format';

/** A sparkline-sized histogram: enough to see skew, gaps and outliers at a glance. */
export function Histogram({
  binEdges,
  counts,
  kind,
  column,
  width = 132,
  height = 36,
}: {
  binEdges: number[];
  counts: number[];
  kind: 'numeric' | 'datetime';
  column: string;
  width?: number;
  height?: number;
}) {
  const max = Math.max(1, ...counts);
  const n = Math.max(1, counts.length);
  const barWidth = width / n;
  const show = (x: number | undefined) => (x === undefined ? '' : kind === 'datetime' ? formatDate(x) : formatNumber(x));
  const first = binEdges[0];
  const last = binEdges.at(-1);
  return (
    <figure className="inline-block">
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Histogram of ${column} from ${show(first)} to ${show(last)}`}
        className="block"
      >
        <line x1={0} x2={width} y1={height - 0.5} y2={height - 0.5} className="stroke-slate-200" />
        {counts.map((count, i) => {
          const h = count === 0 ? 0 : Math.max(1.5, (count / max) * (height - 2));
          return (
            <rect key={i} x={i * barWidth + 0.5} y={height - 1 - h} width={Math.max(0.5, barWidth - 1)} height={h} className="fill-indigo-400">
              <title>{`${show(binEdges[i])} – ${show(binEdges[i + 1])}: ${formatCount(count)} rows`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="flex justify-between gap-2 font-mono text-[10px] text-slate-400" style={{ width }}>
        <span>{show(first)}</span>
        <span>{show(last)}</span>
      </figcaption>
    </figure>
  );
}
