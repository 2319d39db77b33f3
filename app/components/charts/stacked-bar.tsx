import { formatCount, formatPercent } from '@/app/lib/format';
import { PART_FILL, PART_SWATCH } from './part-colors';

type Part = 'train' | 'dev' | 'test';

/** Rows per part as one horizontal bar, with a legend that carries the exact numbers. */
export function StackedPartsBar({ counts }: { counts: Record<Part, number> }) {
  const parts: Part[] = ['train', 'dev', 'test'];
  const total = Math.max(1, counts.train + counts.dev + counts.test);
  let x = 0;
  return (
    <div>
      <svg viewBox="0 0 1000 28" preserveAspectRatio="none" className="block h-7 w-full" role="img" aria-label={parts.map((p) => `${p} ${counts[p]} rows`).join(', ')}>
        {parts.map((p) => {
          const w = (1000 * counts[p]) / total;
          const rect = <rect key={p} x={x} width={w} height={28} className={PART_FILL[p]}><title>{`${p}: ${formatCount(counts[p])} rows`}</title></rect>;
          x += w;
          return rect;
        })}
      </svg>
      <dl className="mt-3 grid grid-cols-3 gap-4 text-sm">
        {parts.map((p) => (
          <div key={p}>
            <dt className="flex items-center gap-1.5 text-slate-500">
              <span className={`size-2.5 rounded-sm ${PART_SWATCH[p]}`} aria-hidden />
              {p}
            </dt>
            <dd className="text-lg font-semibold tabular-nums text-slate-900">
              {formatCount(counts[p])} <span className="text-sm font-normal text-slate-400">{formatPercent(counts[p] / total)}</span>
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
