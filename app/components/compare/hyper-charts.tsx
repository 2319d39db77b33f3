'use client';

import { useState } from 'react';
import { formatNumber } from '@/app/lib/format';
import { NUMERIC_HYPERPARAMETERS, normalizer, presentMetrics, type CompareRun } from './compare-data';

const SELECT = 'rounded-md border-0 bg-white py-1 pr-7 pl-2 text-sm ring-1 ring-inset ring-slate-300';

/** Hyperparameters that vary across the runs (a constant axis says nothing). */
function varyingHyperparameters(runs: CompareRun[]) {
  return NUMERIC_HYPERPARAMETERS.filter((h) => new Set(runs.map((r) => h.value(r))).size > 1);
}

/** Colour from the metric's worst (light) to best (dark indigo). */
function shade(t: number) {
  return `hsl(${245 - 40 * (1 - t)} 70% ${72 - 40 * t}%)`;
}

/**
 * Parallel coordinates (SVG): one axis per varying hyperparameter and the chosen dev metric last,
 * one line per run coloured by that metric, so the settings behind the best runs stand out.
 */
export function ParallelCoordinates({ runs, baselineId }: { runs: CompareRun[]; baselineId: string }) {
  const metrics = presentMetrics(runs).filter((m) => m.id.startsWith('dev'));
  const [metricId, setMetricId] = useState(metrics[0]?.id ?? 'devLoss');
  const metric = metrics.find((m) => m.id === metricId) ?? metrics[0];
  const axes = varyingHyperparameters(runs);
  if (!metric) return <p className="text-sm text-slate-500">No final dev metrics yet.</p>;
  if (axes.length === 0) return <p className="text-sm text-slate-500">These runs share every numeric hyperparameter.</p>;
  const W = 760;
  const H = 260;
  const pad = { l: 36, r: 44, t: 36, b: 20 };
  const allAxes = [...axes.map((a) => ({ id: a.id, label: a.label, log: a.log, value: a.value })), { id: metric.id, label: metric.label, log: false, value: metric.value }];
  const scales = allAxes.map((a) => normalizer(runs.map((r) => a.value(r)).filter((v): v is number => v !== null), a.log));
  const x = (i: number) => pad.l + (i * (W - pad.l - pad.r)) / (allAxes.length - 1);
  const y = (t: number) => pad.t + (1 - t) * (H - pad.t - pad.b);
  const metricScale = scales.at(-1)!;
  const quality = (r: CompareRun) => {
    const v = metric.value(r);
    if (v === null) return 0;
    const t = metricScale.map(v);
    return metric.higherIsBetter ? t : 1 - t;
  };
  const sorted = [...runs].sort((a, b) => quality(a) - quality(b)); // best drawn last, on top

  return (
    <div>
      <label className="mb-2 flex items-center gap-2 text-sm text-slate-600">
        Colour and last axis
        <select value={metric.id} onChange={(e) => setMetricId(e.target.value)} className={SELECT}>
          {metrics.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      <svg viewBox={`0 0 ${W} ${H}`} className="w-full" role="img" aria-label={`Parallel coordinates: hyperparameters to ${metric.label}`}>
        {sorted.map((r) => {
          const points = allAxes
            .map((a, i) => {
              const v = a.value(r);
              return v === null || (a.log && v <= 0) ? null : `${x(i).toFixed(1)},${y(scales[i]!.map(v)).toFixed(1)}`;
            })
            .filter(Boolean)
            .join(' ');
          const base = r.id === baselineId;
          return (
            <polyline key={r.id} points={points} fill="none" stroke={base ? '#0f172a' : shade(quality(r))} strokeWidth={base ? 2.5 : 1.2} strokeOpacity={base ? 1 : 0.75}>
              <title>#{r.number}</title>
            </polyline>
          );
        })}
        {allAxes.map((a, i) => (
          <g key={a.id}>
            <line x1={x(i)} x2={x(i)} y1={pad.t} y2={H - pad.b} stroke="#94a3b8" />
            <text x={x(i)} y={14} textAnchor="middle" className="fill-slate-700 text-[11px] font-medium">
              {a.label}
            </text>
            <text x={x(i)} y={pad.t - 5} textAnchor="middle" className="fill-slate-400 text-[10px]">
              {formatNumber(scales[i]!.hi)}
            </text>
            <text x={x(i)} y={H - pad.b + 13} textAnchor="middle" className="fill-slate-400 text-[10px]">
              {formatNumber(scales[i]!.lo)}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}

/** Any hyperparameter against any final metric, one dot per run. */
export function HyperScatter({ runs, baselineId, colors }: { runs: CompareRun[]; baselineId: string; colors: Map<string, string> }) {
  const metrics = presentMetrics(runs);
  const [xId, setXId] = useState(varyingHyperparameters(runs)[0]?.id ?? 'learningRate');
  const [yId, setYId] = useState(metrics.find((m) => m.id.startsWith('dev'))?.id ?? 'devLoss');
  const xh = NUMERIC_HYPERPARAMETERS.find((h) => h.id === xId)!;
  const ym = metrics.find((m) => m.id === yId) ?? metrics[0];
  if (!ym) return <p className="text-sm text-slate-500">No final metrics yet.</p>;
  const points = runs.flatMap((r) => {
    const xv = xh.value(r);
    const yv = ym.value(r);
    return xv === null || yv === null || (xh.log && xv <= 0) ? [] : [{ r, xv, yv }];
  });
  const W = 420;
  const H = 260;
  const pad = { l: 48, r: 12, t: 10, b: 36 };
  const xs = normalizer(points.map((p) => p.xv), xh.log);
  const ys = normalizer(points.map((p) => p.yv));
  const inset = (t: number) => 0.04 + 0.92 * t;
  const px = (v: number) => pad.l + inset(xs.map(v)) * (W - pad.l - pad.r);
  const py = (v: number) => pad.t + (1 - inset(ys.map(v))) * (H - pad.t - pad.b);
  return (
    <div>
      <div className="mb-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
        <select aria-label="Scatter x" value={xId} onChange={(e) => setXId(e.target.value)} className={SELECT}>
          {NUMERIC_HYPERPARAMETERS.map((h) => (
            <option key={h.id} value={h.id}>
              {h.label}
            </option>
          ))}
        </select>
        <span>against</span>
        <select aria-label="Scatter y" value={ym.id} onChange={(e) => setYId(e.target.value)} className={SELECT}>
          {metrics.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} className="w-full max-w-xl" role="img" aria-label={`${xh.label} against ${ym.label}`}>
        <line x1={pad.l} x2={W - pad.r} y1={H - pad.b} y2={H - pad.b} stroke="#cbd5e1" />
        <line x1={pad.l} x2={pad.l} y1={pad.t} y2={H - pad.b} stroke="#cbd5e1" />
        <text x={(W + pad.l) / 2} y={H - 6} textAnchor="middle" className="fill-slate-500 text-[11px]">
          {xh.label}
          {xh.log ? ' (log)' : ''}
        </text>
        <text x={pad.l} y={H - pad.b + 14} textAnchor="middle" className="fill-slate-400 text-[10px]">
          {formatNumber(xs.lo)}
        </text>
        <text x={W - pad.r} y={H - pad.b + 14} textAnchor="end" className="fill-slate-400 text-[10px]">
          {formatNumber(xs.hi)}
        </text>
        <text x={pad.l - 4} y={pad.t + 8} textAnchor="end" className="fill-slate-400 text-[10px]">
          {formatNumber(ys.hi)}
        </text>
        <text x={pad.l - 4} y={H - pad.b} textAnchor="end" className="fill-slate-400 text-[10px]">
          {formatNumber(ys.lo)}
        </text>
        {points.map(({ r, xv, yv }) => (
          <circle key={r.id} cx={px(xv)} cy={py(yv)} r={r.id === baselineId ? 6 : 4} fill={colors.get(r.id)} stroke={r.id === baselineId ? '#0f172a' : 'white'} strokeWidth={1.5}>
            <title>
              #{r.number}: {xh.label} {formatNumber(xv)}, {ym.label} {formatNumber(yv)}
            </title>
          </circle>
        ))}
      </svg>
    </div>
  );
}
