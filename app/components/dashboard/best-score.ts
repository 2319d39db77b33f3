import type { RunSummary } from '@/app/components/runs/run-types';

export interface MetricSpec {
  key: 'devAccuracy' | 'devRmse';
  label: string;
  higherIsBetter: boolean;
  format: (v: number) => string;
}

export const METRICS: Record<'classification' | 'regression', MetricSpec> = {
  classification: { key: 'devAccuracy', label: 'Dev accuracy', higherIsBetter: true, format: (v) => `${(v * 100).toFixed(1)}%` },
  regression: { key: 'devRmse', label: 'Dev RMSE', higherIsBetter: false, format: (v) => v.toPrecision(3) },
};

export interface BestSeries {
  splitId: string;
  splitName: string;
  /** Finish times (ms) at which this split's best improved, with the new best and the run that set it. */
  steps: { at: number; value: number; runId: string; runNumber: number }[];
}

/**
 * The running best dev metric per split, by run finish time: each step is a run that beat every
 * earlier finished run on its split. Pure, so it is easy to check.
 */
export function bestSeries(runs: readonly RunSummary[], metric: MetricSpec): BestSeries[] {
  const bySplit = new Map<string, BestSeries>();
  const finished = runs
    .filter((r) => r.status === 'succeeded' && r.finishedAt && typeof r[metric.key] === 'number' && Number.isFinite(r[metric.key]))
    .sort((a, b) => new Date(a.finishedAt!).getTime() - new Date(b.finishedAt!).getTime());
  for (const run of finished) {
    const value = run[metric.key] as number;
    let series = bySplit.get(run.splitId);
    if (!series) bySplit.set(run.splitId, (series = { splitId: run.splitId, splitName: run.splitName, steps: [] }));
    const best = series.steps.at(-1)?.value;
    if (best === undefined || (metric.higherIsBetter ? value > best : value < best)) {
      series.steps.push({ at: new Date(run.finishedAt!).getTime(), value, runId: run.id, runNumber: run.number });
    }
  }
  return [...bySplit.values()].sort((a, b) => a.splitName.localeCompare(b.splitName));
}
