'use client';

import { useEffect, useRef } from 'react';
import type uPlotType from 'uplot';
import { loadUplot, useUplotLifecycle } from '@/app/components/charts/uplot';
import { ema, type CurveMetric, type RunCurves } from './compare-data';


export interface ChartRun {
  curves: RunCurves;
  color: string;
  label: string;
  baseline: boolean;
}

/**
 * One metric's learning curves for every run, overlaid on one canvas (uPlot): dev solid, train
 * dashed, the baseline thicker. 100 runs × 1,000 epochs is 200 series of 1,000 points — a canvas
 * draws that in tens of milliseconds where SVG would create 200k nodes.
 */
export function CurveChart({
  metric,
  runs,
  smoothing,
  logScale,
  showTrain,
  onDrawn,
}: {
  metric: CurveMetric;
  runs: ChartRun[];
  smoothing: number;
  logScale: boolean;
  showTrain: boolean;
  onDrawn?: (name: string) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlotType | null>(null);

  useEffect(() => {
    let cancelled = false;
    const el = box.current;
    if (!el) return;
    void loadUplot().then((uPlot) => {
      if (cancelled) return;
      // One shared x: every epoch any run has. Long curves arrive thinned (every k-th epoch), so a
      // run has nulls between its points; spanGaps draws through them, and a shorter run simply ends.
      const epochSet = new Set<number>();
      for (const r of runs) for (const e of r.curves.epoch) epochSet.add(e);
      const xs = Float64Array.from([...epochSet].sort((a, b) => a - b));
      const slot = new Map<number, number>();
      xs.forEach((e, i) => slot.set(e, i));
      const maxEpoch = xs.length;
      const data: (ArrayLike<number | null>)[] = [xs];
      const series: uPlotType.Series[] = [{ label: 'epoch' }];
      const positive = (v: number) => (logScale && !(v > 0) ? null : v);
      for (const r of runs) {
        for (const [kind, values] of [['dev', metric.dev(r.curves)], ['train', showTrain ? metric.train(r.curves) : undefined]] as const) {
          if (!values) continue;
          const smoothed = ema(values, smoothing);
          const column = new Array<number | null>(maxEpoch).fill(null);
          for (let i = 0; i < r.curves.epoch.length; i++) {
            const v = smoothed[i];
            if (v !== undefined && Number.isFinite(v)) column[slot.get(r.curves.epoch[i]!)!] = positive(v);
          }
          data.push(column);
          series.push({
            label: `${r.label} ${kind}`,
            stroke: r.color,
            width: r.baseline ? 2.5 : runs.length > 30 ? 1 : 1.5,
            dash: kind === 'train' ? [4, 3] : undefined,
            alpha: kind === 'train' ? 0.7 : 1,
            points: { show: false },
            spanGaps: true,
          } as uPlotType.Series);
        }
      }
      const width = el.clientWidth || 480;
      const opts: uPlotType.Options = {
        width,
        height: 240,
        legend: { show: false },
        cursor: { drag: { x: true, y: false }, points: { show: false } },
        scales: { x: { time: false }, y: logScale ? { distr: 3 } : {} },
        axes: [
          { label: 'epoch', labelSize: 14, size: 30, stroke: '#64748b', grid: { stroke: '#f1f5f9' }, ticks: { stroke: '#e2e8f0' } },
          { stroke: '#64748b', grid: { stroke: '#f1f5f9' }, ticks: { stroke: '#e2e8f0' }, size: 52 },
        ],
        series,
        hooks: { draw: [() => onDrawn?.(metric.name)] },
      };
      plot.current?.destroy();
      plot.current = new uPlot(opts, data as uPlotType.AlignedData, el);
      el.dataset.seriesCount = String(series.length - 1);
    });
    return () => {
      cancelled = true;
    };
  }, [metric, runs, smoothing, logScale, showTrain, onDrawn]);

  useUplotLifecycle(box, plot, 240);

  return (
    <figure className="min-w-0 rounded-md ring-1 ring-slate-200">
      <figcaption className="flex items-baseline justify-between px-3 pt-2 text-sm font-medium text-slate-800">
        {metric.label}
        <span className="text-xs font-normal text-slate-400">{metric.higherIsBetter ? 'higher is better' : 'lower is better'}</span>
      </figcaption>
      <div ref={box} className="px-1 pb-1" data-testid={`compare-chart-${metric.name}`} role="img" aria-label={`${metric.label} learning curves`} />
    </figure>
  );
}
