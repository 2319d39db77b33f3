'use client';

import Link from 'next/link';
import type { RouterOutputs } from '@/app/lib/router-types';
import { formatNumber, formatPercent } from '@/app/lib/format';

type Ladder = NonNullable<RouterOutputs['leaderboard']['get']['ladder']>;

/**
 * The Ladder's released score after each submission, oldest first, as a step chart: it only
 * moves when a run beat the leader by about a standard error. Dots mark the runs that moved it.
 */
export function LadderHistory({ ladder, percent, slug }: { ladder: Ladder; percent: boolean; slug: string }) {
  const steps = ladder.steps;
  // When the metric is not a mean of per-row losses (macro F1), the Ladder releases a loss, not the score.
  const asScore = steps.every((s) => s.releasedScore !== null);
  const fmt = (v: number) =>
    asScore ? (percent ? formatPercent(v) : formatNumber(v)) : ladder.loss === 'zero-one' ? `error ${formatPercent(v)}` : `loss ${formatNumber(v)}`;
  const value = (s: Ladder['steps'][number]) => (asScore ? s.releasedScore! : s.releasedLoss);
  if (steps.length === 0) {
    return <p className="text-sm text-slate-500">No run has per-row dev predictions to replay through the Ladder yet.</p>;
  }
  const W = 520;
  const H = 120;
  const pad = { l: 8, r: 8, t: 10, b: 18 };
  const values = steps.map(value);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const x = (i: number) => pad.l + (steps.length === 1 ? 0.5 : i / (steps.length - 1)) * (W - pad.l - pad.r);
  const y = (v: number) => pad.t + (hi > lo ? (hi - v) / (hi - lo) : 0.5) * (H - pad.t - pad.b);
  let d = `M ${x(0)} ${y(values[0]!)}`;
  for (let i = 1; i < steps.length; i++) d += ` H ${x(i)} V ${y(values[i]!)}`;
  const movers = steps.filter((s) => s.updated);

  return (
    <div className="grid gap-4 md:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <figure>
        <svg viewBox={`0 0 ${W} ${H}`} className="w-full" role="img" aria-label="Released best over submissions">
          <path d={d} fill="none" stroke="#4f46e5" strokeWidth={2} />
          {steps.map((s, i) =>
            s.updated ? (
              <circle key={s.runId} cx={x(i)} cy={y(values[i]!)} r={3.5} fill="#4f46e5">
                <title>
                  #{s.runNumber} moved the board to {fmt(values[i]!)}
                </title>
              </circle>
            ) : null,
          )}
          <text x={pad.l} y={H - 4} className="fill-slate-400 text-[10px]">
            submission 1
          </text>
          <text x={W - pad.r} y={H - 4} textAnchor="end" className="fill-slate-400 text-[10px]">
            {steps.length}
          </text>
        </svg>
        <figcaption className="text-xs text-slate-500">{ladder.note}</figcaption>
      </figure>
      <div className="text-sm">
        <p className="mb-1 text-xs font-medium text-slate-500 uppercase">Moved the board</p>
        <ol className="space-y-0.5">
          {movers.map((s) => (
            <li key={s.runId} className="flex justify-between gap-3 tabular-nums">
              <Link href={`/t/${slug}/runs/${s.runId}`} className="text-indigo-700 hover:underline">
                #{s.runNumber}
              </Link>
              <span className="text-slate-700">{fmt(value(s))}</span>
            </li>
          ))}
        </ol>
        <p className="mt-2 text-xs text-slate-500">
          {steps.length - movers.length} of {steps.length} submissions did not move it
          {ladder.skippedRunIds.length ? `; ${ladder.skippedRunIds.length} skipped (no per-row predictions)` : ''}.
        </p>
      </div>
    </div>
  );
}
