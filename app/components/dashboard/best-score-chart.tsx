'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';
import type uPlotType from 'uplot';
import { loadUplot, useUplotLifecycle } from '@/app/components/charts/uplot';
import type { BestSeries, MetricSpec } from './best-score';
import { accuracyCiHalfWidth } from '@/server/shared/stats/wilson';

export const SERIES_COLORS = ['#4f46e5', '#0d9488', '#d97706', '#db2777', '#0284c7', '#65a30d', '#7c3aed', '#64748b'];

/**
 * Best dev score per split over time: stepped lines that only move when a run beats the split's
 * best, drawn to now. Canvas (uPlot), with a plain legend underneath that links to leaderboards.
 */
export function BestScoreChart({ series, metric, slug, now, devCounts }: { series: BestSeries[]; metric: MetricSpec; slug: string; now: number; devCounts?: ReadonlyMap<string, number> }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlotType | null>(null);

  useEffect(() => {
    let cancelled = false;
    const el = box.current;
    if (!el) return;
    void loadUplot().then((uPlot) => {
      if (cancelled) return;
      // One shared time axis (seconds): every step of every split, and now.
      const nowS = Math.max(Math.floor(now / 1000), ...series.map((s) => Math.floor((s.steps.at(-1)?.at ?? 0) / 1000)));
      const times = [...new Set([...series.flatMap((s) => s.steps.map((p) => Math.floor(p.at / 1000))), nowS])].sort((a, b) => a - b);
      const data: (number | null)[][] = [times];
      // Points only where a split's best moved; the line carries the value forward to now.
      const stepIndices: number[][] = [];
      for (const s of series) {
        let i = 0;
        let best: number | null = null;
        const marks: number[] = [];
        data.push(
          times.map((t, index) => {
            const before = i;
            while (i < s.steps.length && Math.floor(s.steps[i]!.at / 1000) <= t) best = s.steps[i++]!.value;
            if (i > before) marks.push(index);
            return best;
          }),
        );
        stepIndices.push(marks);
      }
      const values = series.flatMap((s) => s.steps.map((p) => p.value));
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      const pad = Math.max((hi - lo) * 0.15, Math.abs(hi) * 0.02, 1e-3);
      // Accuracy-like metrics live in [0, 1]; never draw an axis past either end.
      const yRange: [number, number] = metric.higherIsBetter ? [Math.max(0, lo - pad), Math.min(1, hi + pad)] : [Math.max(0, lo - pad), hi + pad];
      const first = times[0]!;
      // From a little before the first finished run to now, never narrower than two minutes, so a
      // single run does not make uPlot stretch the axis over years.
      const xRange: [number, number] = [Math.min(first - (nowS - first) * 0.05, nowS - 120), nowS];
      const span = yRange[1] - yRange[0];
      const tick = (v: number) => (metric.higherIsBetter ? `${(v * 100).toFixed(span >= 0.1 ? 0 : 1)}%` : v.toPrecision(3));
      const stepped = uPlot.paths.stepped!({ align: 1 });
      const opts: uPlotType.Options = {
        width: el.clientWidth || 560,
        height: 200,
        padding: [12, 12, 0, 0],
        legend: { show: false },
        cursor: { points: { size: 6 }, drag: { x: false, y: false } },
        scales: { x: { time: true, range: () => xRange }, y: { range: () => yRange } },
        axes: [
          { stroke: '#94a3b8', grid: { show: false }, ticks: { stroke: '#e2e8f0' }, size: 32 },
          { stroke: '#94a3b8', grid: { stroke: '#f1f5f9' }, ticks: { show: false }, size: 52, values: (_u, ticks) => ticks.map(tick) },
        ],
        series: [
          {},
          ...series.map((s, index) => ({
            label: s.splitName,
            stroke: SERIES_COLORS[index % SERIES_COLORS.length],
            width: 2,
            paths: stepped,
            points: { show: true, size: 6, fill: '#fff', filter: () => stepIndices[index] ?? null },
          })),
        ],
      };
      plot.current?.destroy();
      plot.current = new uPlot(opts, data as uPlotType.AlignedData, el);
    });
    return () => {
      cancelled = true;
    };
  }, [series, metric, now]);

  useUplotLifecycle(box, plot, 200);

  return (
    <figure className="space-y-3">
      <div ref={box} role="img" aria-label={`Best ${metric.label.toLowerCase()} per split over time`} data-testid="best-score-chart" data-series-count={series.length} />
      <figcaption>
        <ul className="flex flex-wrap gap-x-6 gap-y-1.5 text-sm">
          {series.map((s, index) => {
            const best = s.steps.at(-1);
            return (
              <li key={s.splitId} className="flex items-center gap-2">
                <span className="size-2.5 rounded-sm" style={{ background: SERIES_COLORS[index % SERIES_COLORS.length] }} aria-hidden />
                <Link href={`/t/${slug}/splits/${s.splitId}/leaderboard`} className="text-slate-700 hover:text-indigo-700 hover:underline">
                  {s.splitName}
                </Link>
                {best && (
                  <Link href={`/t/${slug}/runs/${best.runId}`} className="font-medium text-slate-900 tabular-nums hover:underline" title={`Set by run #${best.runNumber}`}>
                    {metric.format(best.value)}
                  </Link>
                )}
                {best && metric.key === 'devAccuracy' && devCounts?.get(s.splitId) !== undefined && (
                  // A share measured on n dev rows is only this precise (95% Wilson half-width at the score).
                  <span className="text-xs tabular-nums text-slate-500" title={`95% interval on ${devCounts.get(s.splitId)} dev rows`}>
                    ± {(accuracyCiHalfWidth(devCounts.get(s.splitId)!, best.value) * 100).toFixed(1)} pts · {devCounts.get(s.splitId)} dev rows
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      </figcaption>
    </figure>
  );
}
