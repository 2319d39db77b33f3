'use client';

import { useState } from 'react';
import { epochTicks, formatTick, niceTicks } from './nice-scale';

export interface Series {
  name: string;
  color: string;
  dashed?: boolean;
  /** [epoch, value]; missing values are left out, not drawn as zero. */
  points: [number, number][];
}

interface Props {
  title: string;
  series: Series[];
  /** Epochs planned, so the x axis does not rescale on every new epoch. */
  maxEpoch: number;
  markers?: { epoch: number; label: string }[];
  references?: { value: number; label: string }[];
  format?: (v: number) => string;
  /** What x counts: epochs for Holdout's trainer, steps for what a script logged. */
  xLabel?: string;
}

const W = 560;
const H = 240;
const PAD = { left: 48, right: 16, top: 12, bottom: 30 };

/** A learning curve: epochs on x, one line per series, with a hover readout of the nearest epoch. */
export function LineChart({ title, series, maxEpoch, markers = [], references = [], format = formatTick, xLabel = 'epoch' }: Props) {
  const [hover, setHover] = useState<number | null>(null);
  const values = [...series.flatMap((s) => s.points.map((p) => p[1])), ...references.map((r) => r.value)].filter(Number.isFinite);
  const y = niceTicks(Math.min(...values), Math.max(...values));
  const lastEpoch = Math.max(0, ...series.flatMap((s) => s.points.map((p) => p[0])));
  const x = epochTicks(Math.max(maxEpoch, lastEpoch));
  const sx = (e: number) => PAD.left + ((e - x.lo) / (x.hi - x.lo || 1)) * (W - PAD.left - PAD.right);
  const sy = (v: number) => H - PAD.bottom - ((v - y.lo) / (y.hi - y.lo || 1)) * (H - PAD.top - PAD.bottom);
  const pointCount = Math.max(0, ...series.map((s) => s.points.length));

  function onMove(event: React.MouseEvent<SVGSVGElement>) {
    const box = event.currentTarget.getBoundingClientRect();
    const epoch = Math.round(x.lo + (((event.clientX - box.left) / box.width) * W - PAD.left) / ((W - PAD.left - PAD.right) / (x.hi - x.lo || 1)));
    setHover(epoch >= 1 && epoch <= lastEpoch ? epoch : null);
  }

  return (
    <figure className="min-w-0" data-testid={`chart-${title}`} data-point-count={pointCount}>
      <figcaption className="mb-1 flex flex-wrap items-center justify-between gap-x-4 gap-y-1 text-sm">
        <span className="font-medium text-slate-800">{title}</span>
        <span className="flex flex-wrap gap-3 text-xs text-slate-600">
          {series.map((s) => (
            <span key={s.name} className="inline-flex items-center gap-1.5">
              <svg width="16" height="6" aria-hidden><line x1="0" y1="3" x2="16" y2="3" stroke={s.color} strokeWidth="2" strokeDasharray={s.dashed ? '4 3' : undefined} /></svg>
              {s.name}
              {hover !== null && <span className="font-mono tabular-nums text-slate-900">{readout(s.points.find((p) => p[0] === hover)?.[1])}</span>}
            </span>
          ))}
          {hover !== null && <span className="text-slate-400">{xLabel} {hover}</span>}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-label={`${title}: ${pointCount} ${xLabel}s`} onMouseMove={onMove} onMouseLeave={() => setHover(null)}>
        {y.ticks.map((t) => (
          <g key={`y${t}`}>
            <line x1={PAD.left} x2={W - PAD.right} y1={sy(t)} y2={sy(t)} stroke="#e2e8f0" />
            <text x={PAD.left - 6} y={sy(t)} dy="0.32em" textAnchor="end" className="fill-slate-500 text-[10px] tabular-nums">{format(t)}</text>
          </g>
        ))}
        {x.ticks.map((t) => (
          <text key={`x${t}`} x={sx(t)} y={H - PAD.bottom + 14} textAnchor="middle" className="fill-slate-500 text-[10px] tabular-nums">{t}</text>
        ))}
        <text x={(PAD.left + W - PAD.right) / 2} y={H - 2} textAnchor="middle" className="fill-slate-400 text-[10px]">{xLabel}</text>
        {references.map((r) => (
          <g key={r.label}>
            <line x1={PAD.left} x2={W - PAD.right} y1={sy(r.value)} y2={sy(r.value)} stroke="#94a3b8" strokeDasharray="2 4" />
            <text x={W - PAD.right - 2} y={sy(r.value) - 4} textAnchor="end" className="fill-slate-500 text-[10px]">{r.label}</text>
          </g>
        ))}
        {markers.map((m) => (
          <g key={m.label}>
            <line x1={sx(m.epoch)} x2={sx(m.epoch)} y1={PAD.top} y2={H - PAD.bottom} stroke="#a5b4fc" strokeDasharray="3 3" />
            {/* Near the right edge the label goes left of the line, so it is not clipped. */}
            <text x={sx(m.epoch) + (sx(m.epoch) > W - 90 ? -4 : 4)} y={PAD.top + 9} textAnchor={sx(m.epoch) > W - 90 ? 'end' : 'start'} className="fill-indigo-500 text-[10px]">
              {m.label}
            </text>
          </g>
        ))}
        {series.map((s) => (
          <path
            key={s.name}
            d={s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join('')}
            fill="none"
            stroke={s.color}
            strokeWidth={1.75}
            strokeDasharray={s.dashed ? '5 4' : undefined}
            strokeLinejoin="round"
          />
        ))}
        {/* A single epoch is a point, not a line: draw it so the chart is not blank. */}
        {series.map((s) => s.points.length === 1 && <circle key={`${s.name}-dot`} cx={sx(s.points[0]![0])} cy={sy(s.points[0]![1])} r={2.5} fill={s.color} />)}
        {hover !== null && <line x1={sx(hover)} x2={sx(hover)} y1={PAD.top} y2={H - PAD.bottom} stroke="#64748b" strokeWidth={0.75} />}
        <rect x={PAD.left} y={PAD.top} width={W - PAD.left - PAD.right} height={H - PAD.top - PAD.bottom} fill="none" stroke="#cbd5e1" />
      </svg>
    </figure>
  );
}

/** More digits than a tick label: the readout is for comparing epochs closely. */
function readout(v: number | undefined): string {
  return v === undefined ? '—' : String(Number.parseFloat(v.toPrecision(4)));
}
