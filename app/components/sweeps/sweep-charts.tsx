'use client';

import { useState } from 'react';
import { formatTick, niceTicks } from '@/app/components/runs/nice-scale';
import { formatGoal, formatParam, type SweepDetail } from './sweep-types';

const W = 560;
const H = 220;
const PAD = { left: 48, right: 16, top: 12, bottom: 30 };

/** Goal colour: pale for the worst trial, deep indigo for the best. */
export function goalColor(share: number): string {
  const t = Math.max(0, Math.min(1, share));
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${mix(203, 67)}, ${mix(213, 56)}, ${mix(225, 202)})`;
}

/** Where a value sits between the worst and best goal values (1 = best). */
export function goalShare(value: number, values: number[], direction: 'maximize' | 'minimize'): number {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (!(hi > lo)) return 1;
  const t = (value - lo) / (hi - lo);
  return direction === 'maximize' ? t : 1 - t;
}

/**
 * Each finished trial's value in the order it finished (dots; stopped trials hollow at their
 * value when stopped) and the best value so far as a step line: how fast the sweep is learning.
 */
export function BestSoFarChart({ sweep }: { sweep: SweepDetail }) {
  const [hover, setHover] = useState<number | null>(null);
  const ended = sweep.trials
    .filter((t) => t.value !== null && t.finishedAt && (t.status === 'succeeded' || t.status === 'stopped') && t.source !== 'confirm')
    .sort((a, b) => a.finishedAt!.getTime() - b.finishedAt!.getTime());
  if (ended.length === 0) return <p className="text-sm text-slate-500">The curve starts when the first trial ends.</p>;
  const max = sweep.direction === 'maximize';
  const best: number[] = [];
  for (const t of ended) {
    const prev = best.at(-1);
    // Only trials that ran to the end count for "best": a stopped trial's value is from an earlier epoch.
    const v = t.status === 'succeeded' ? t.value! : prev ?? Number.NaN;
    best.push(prev === undefined || Number.isNaN(prev) ? v : Number.isNaN(v) ? prev : max ? Math.max(prev, v) : Math.min(prev, v));
  }
  const values = ended.map((t) => t.value!).filter(Number.isFinite);
  const y = niceTicks(Math.min(...values), Math.max(...values));
  const n = ended.length;
  const sx = (i: number) => PAD.left + (n === 1 ? 0.5 : i / (n - 1)) * (W - PAD.left - PAD.right);
  const sy = (v: number) => H - PAD.bottom - ((v - y.lo) / (y.hi - y.lo || 1)) * (H - PAD.top - PAD.bottom);
  let path = '';
  best.forEach((v, i) => {
    if (Number.isFinite(v)) path += path ? ` H${sx(i)} V${sy(v)}` : `M${sx(i)},${sy(v)}`;
  });
  const h = hover === null ? null : ended[hover];
  return (
    <figure data-testid="best-so-far">
      <figcaption className="mb-1 flex justify-between text-xs text-slate-600">
        <span>
          <span className="mr-3 inline-flex items-center gap-1"><svg width="16" height="6" aria-hidden><line x1="0" y1="3" x2="16" y2="3" stroke="#4338ca" strokeWidth="2" /></svg>best so far</span>
          <span className="inline-flex items-center gap-1"><svg width="8" height="8" aria-hidden><circle cx="4" cy="4" r="3" fill="#94a3b8" /></svg>trial</span>
          <span className="ml-3 inline-flex items-center gap-1"><svg width="8" height="8" aria-hidden><circle cx="4" cy="4" r="3" fill="none" stroke="#94a3b8" /></svg>stopped early</span>
        </span>
        {h && <span className="font-mono tabular-nums text-slate-900">trial {h.number}: {formatGoal(h.value)}{h.status === 'stopped' ? ` (stopped at epoch ${h.stoppedAtEpoch})` : ''}</span>}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-label={`Best ${sweep.goalName} so far over ${n} trials`} onMouseLeave={() => setHover(null)}>
        {y.ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={sy(t)} y2={sy(t)} stroke="#e2e8f0" />
            <text x={PAD.left - 6} y={sy(t)} dy="0.32em" textAnchor="end" className="fill-slate-500 text-[10px] tabular-nums">{formatTick(t)}</text>
          </g>
        ))}
        <text x={(PAD.left + W - PAD.right) / 2} y={H - 4} textAnchor="middle" className="fill-slate-400 text-[10px]">trials, in the order they ended</text>
        <path d={path} fill="none" stroke="#4338ca" strokeWidth="2" />
        {ended.map((t, i) => (
          <circle
            key={t.id}
            cx={sx(i)}
            cy={sy(t.value!)}
            r={hover === i ? 5 : 3.5}
            fill={t.status === 'stopped' ? 'white' : '#94a3b8'}
            stroke="#94a3b8"
            onMouseEnter={() => setHover(i)}
          />
        ))}
      </svg>
    </figure>
  );
}

/** The goal's dev curve of every trial; stopped trials in grey, ending at their rung. */
export function TrialCurvesChart({ sweep, curves }: { sweep: SweepDetail; curves: { trialId: string; epochs: number[]; values: number[] }[] }) {
  const byId = new Map(sweep.trials.map((t) => [t.id, t]));
  const all = curves.flatMap((c) => c.values).filter(Number.isFinite);
  if (all.length === 0) return <p className="text-sm text-slate-500">Curves appear as trials report epochs.</p>;
  const y = niceTicks(Math.min(...all), Math.max(...all));
  const maxEpoch = Math.max(...sweep.trials.map((t) => t.epochsPlanned), 1);
  const sx = (e: number) => PAD.left + (e / maxEpoch) * (W - PAD.left - PAD.right);
  const sy = (v: number) => H - PAD.bottom - ((v - y.lo) / (y.hi - y.lo || 1)) * (H - PAD.top - PAD.bottom);
  const ordered = [...curves].sort((a, b) => Number(byId.get(a.trialId)?.status !== 'stopped') - Number(byId.get(b.trialId)?.status !== 'stopped'));
  return (
    <figure data-testid="trial-curves">
      <figcaption className="mb-1 flex gap-4 text-xs text-slate-600">
        <span className="inline-flex items-center gap-1"><svg width="16" height="6" aria-hidden><line x1="0" y1="3" x2="16" y2="3" stroke="#6366f1" strokeWidth="2" /></svg>trained on</span>
        <span className="inline-flex items-center gap-1"><svg width="16" height="6" aria-hidden><line x1="0" y1="3" x2="16" y2="3" stroke="#cbd5e1" strokeWidth="2" /></svg>stopped early</span>
        {sweep.rungEpochs.length > 0 && <span className="inline-flex items-center gap-1"><svg width="16" height="8" aria-hidden><line x1="8" y1="0" x2="8" y2="8" stroke="#a5b4fc" strokeDasharray="2 2" /></svg>rungs</span>}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-label={`${sweep.goalName} by epoch for ${curves.length} trials`}>
        {y.ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={sy(t)} y2={sy(t)} stroke="#e2e8f0" />
            <text x={PAD.left - 6} y={sy(t)} dy="0.32em" textAnchor="end" className="fill-slate-500 text-[10px] tabular-nums">{formatTick(t)}</text>
          </g>
        ))}
        {sweep.rungEpochs.map((r) => (
          <g key={r}>
            <line x1={sx(r)} x2={sx(r)} y1={PAD.top} y2={H - PAD.bottom} stroke="#a5b4fc" strokeDasharray="3 3" />
            <text x={sx(r)} y={H - PAD.bottom + 14} textAnchor="middle" className="fill-indigo-500 text-[10px] tabular-nums">{r}</text>
          </g>
        ))}
        <text x={sx(maxEpoch)} y={H - PAD.bottom + 14} textAnchor="end" className="fill-slate-500 text-[10px] tabular-nums">{maxEpoch}</text>
        <text x={(PAD.left + W - PAD.right) / 2} y={H - 4} textAnchor="middle" className="fill-slate-400 text-[10px]">epoch</text>
        {ordered.map((c) => {
          const stopped = byId.get(c.trialId)?.status === 'stopped';
          const d = c.epochs.map((e, i) => (Number.isFinite(c.values[i]) ? `${i === 0 ? 'M' : 'L'}${sx(e)},${sy(c.values[i]!)}` : '')).join(' ');
          return <path key={c.trialId} d={d} fill="none" stroke={stopped ? '#cbd5e1' : '#6366f1'} strokeOpacity={stopped ? 1 : 0.7} strokeWidth={stopped ? 1 : 1.5} />;
        })}
      </svg>
    </figure>
  );
}

/**
 * Parallel coordinates: one vertical axis per parameter and one for the goal; each finished trial
 * a line across them, coloured by its goal value, so the region good trials share stands out.
 */
export function ParallelCoordinates({ sweep }: { sweep: SweepDetail }) {
  const trials = sweep.trials.filter((t) => t.value !== null && Number.isFinite(t.value) && (t.status === 'succeeded' || t.status === 'stopped'));
  // Parameters every trial shares one value of (a fixed epochs, say) say nothing: left out.
  const params = [...new Set(trials.flatMap((t) => Object.keys(t.assignment)))].filter((p) => new Set(trials.map((t) => String(t.assignment[p]))).size > 1).sort(byLayer);
  if (trials.length < 2 || params.length === 0) return <p className="text-sm text-slate-500">Drawn once two trials have ended.</p>;
  // Wide enough that the labels stay small when the chart fills a page-wide card.
  const width = Math.max(1100, 160 * (params.length + 1));
  const axisX = (i: number) => PAD.left + (i / params.length) * (width - PAD.left - PAD.right - 40);
  const top = 24;
  const bottom = H - 20;
  const logParams = new Set(Object.entries(sweep.definition.space).filter(([, d]) => d.kind === 'logUniform' || (d.kind === 'int' && d.log)).flatMap(([k]) => (k === 'units' ? params.filter((p) => p.startsWith('units_')) : [k])));
  const axes = params.map((p) => axisOf(trials.map((t) => t.assignment[p]), logParams.has(p)));
  const goals = trials.map((t) => t.value!);
  const goalAxis = axisOf(goals, false);
  const pos = (axis: Axis, v: string | number | boolean | undefined) => (v === undefined ? null : bottom - axis.scale(v) * (bottom - top));
  return (
    <div className="overflow-x-auto" data-testid="parallel-coordinates">
      <svg viewBox={`0 0 ${width} ${H}`} style={{ minWidth: width }} className="h-auto w-full" role="img" aria-label={`Parallel coordinates of ${trials.length} trials over ${params.length} parameters`}>
        {[...trials]
          .sort((a, b) => goalShare(a.value!, goals, sweep.direction) - goalShare(b.value!, goals, sweep.direction))
          .map((t) => {
            const points = params.map((p, i) => [axisX(i), pos(axes[i]!, t.assignment[p])] as const).concat([[axisX(params.length), pos(goalAxis, t.value!)]]);
            const d = points.filter(([, y]) => y !== null).map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x},${y}`).join(' ');
            return <path key={t.id} d={d} fill="none" stroke={goalColor(goalShare(t.value!, goals, sweep.direction))} strokeWidth={1.5} strokeDasharray={t.status === 'stopped' ? '3 3' : undefined} />;
          })}
        {[...params, sweep.goalName].map((p, i) => {
          const axis = i < params.length ? axes[i]! : goalAxis;
          return (
            <g key={p}>
              <line x1={axisX(i)} x2={axisX(i)} y1={top} y2={bottom} stroke="#64748b" />
              <text x={axisX(i)} y={12} textAnchor="middle" className="fill-slate-700 text-[11px] font-medium">{p}</text>
              <text x={axisX(i) + 4} y={top + 3} className="fill-slate-500 text-[9px] tabular-nums">{axis.high}</text>
              <text x={axisX(i) + 4} y={bottom + 10} className="fill-slate-500 text-[9px] tabular-nums">{axis.low}</text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

interface Axis {
  scale: (v: string | number | boolean) => number;
  low: string;
  high: string;
}

function axisOf(values: (string | number | boolean | undefined)[], log: boolean): Axis {
  const present = values.filter((v): v is string | number | boolean => v !== undefined);
  if (present.every((v) => typeof v === 'number')) {
    const f = (v: number) => (log ? Math.log(v) : v);
    const nums = present as number[];
    const lo = Math.min(...nums);
    const hi = Math.max(...nums);
    return { scale: (v) => (hi > lo ? (f(v as number) - f(lo)) / (f(hi) - f(lo)) : 0.5), low: formatParam(lo), high: formatParam(hi) };
  }
  const categories = [...new Set(present.map(String))].sort();
  return { scale: (v) => (categories.length > 1 ? categories.indexOf(String(v)) / (categories.length - 1) : 0.5), low: categories[0] ?? '', high: categories.at(-1) ?? '' };
}

function byLayer(a: string, b: string): number {
  return a.localeCompare(b, undefined, { numeric: true });
}

/** η² per parameter as horizontal bars. */
export function ImportanceBars({ importance }: { importance: SweepDetail['importance'] }) {
  if (importance.parameters.length === 0) return <p className="text-sm text-slate-500">Needs at least three finished trials that differ in a parameter.</p>;
  return (
    <ul className="space-y-2" data-testid="importance">
      {importance.parameters.map((p) => (
        <li key={p.parameter} className="grid grid-cols-[8rem_1fr_3.5rem] items-center gap-3 text-sm">
          <span className="truncate font-mono text-xs text-slate-700">{p.parameter}</span>
          <span className="h-2.5 overflow-hidden rounded-full bg-slate-100">
            <span className="block h-full rounded-full bg-indigo-500" style={{ width: `${Math.max(1, p.share * 100)}%` }} />
          </span>
          <span className="text-right tabular-nums text-slate-700">{(p.share * 100).toFixed(0)}%</span>
        </li>
      ))}
    </ul>
  );
}
