import type { RouterOutputs } from '@/app/lib/router-types';

export type { RunCurves } from '@/app/lib/packed-curves';
import type { RunCurves } from '@/app/lib/packed-curves';
export type CompareRun = RouterOutputs['run']['list']['items'][number];

/** One chart: a metric's train and dev curves ("loss" reads trainLoss/devLoss, the rest `metrics`). */
export interface CurveMetric {
  name: string;
  label: string;
  train: (c: RunCurves) => number[] | undefined;
  dev: (c: RunCurves) => number[] | undefined;
  higherIsBetter: boolean;
}

const LABELS: Record<string, string> = { accuracy: 'Accuracy', macroF1: 'Macro F1', rmse: 'RMSE', mae: 'MAE', r2: 'R²', loss: 'Loss' };
const HIGHER = new Set(['accuracy', 'macroF1', 'r2']);

/** Every metric any of the runs reported per epoch, loss first. */
export function curveMetrics(curves: RunCurves[]): CurveMetric[] {
  const names = new Set<string>();
  for (const c of curves) for (const key of Object.keys(c.metrics)) names.add(key.replace(/^(train|dev)/, '').replace(/^./, (ch) => ch.toLowerCase()));
  const cap = (n: string) => n.charAt(0).toUpperCase() + n.slice(1);
  return [
    { name: 'loss', label: 'Loss', train: (c) => c.trainLoss, dev: (c) => c.devLoss, higherIsBetter: false },
    ...[...names].sort().map((n) => ({
      name: n,
      label: LABELS[n] ?? n,
      train: (c: RunCurves) => c.metrics[`train${cap(n)}`],
      dev: (c: RunCurves) => c.metrics[`dev${cap(n)}`],
      higherIsBetter: HIGHER.has(n),
    })),
  ];
}

/** Exponential moving average with TensorBoard's debiasing, so the first points are not pulled to 0. */
export function ema(values: readonly number[], weight: number): number[] {
  if (weight <= 0) return values as number[];
  const out = new Array<number>(values.length);
  let last = 0;
  let debias = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * weight + (1 - weight) * v;
    debias = debias * weight + (1 - weight);
    out[i] = last / debias;
  }
  return out;
}

/** A stable, distinguishable colour per run; the baseline is drawn in near-black. */
export function runColor(index: number, total: number): string {
  const hue = (index * 137.508) % 360; // golden angle: neighbours differ even for 100+ runs
  const light = total > 20 ? 48 : 45;
  return `hsl(${hue.toFixed(0)} 70% ${light}%)`;
}

export const BASELINE_COLOR = '#0f172a';

/** Numeric hyperparameters for the parallel-coordinates and scatter charts; `log` axes for rates. */
export const NUMERIC_HYPERPARAMETERS: { id: string; label: string; log?: boolean; value: (r: CompareRun) => number | null }[] = [
  { id: 'layers', label: 'Layers', value: (r) => r.config && r.config.hiddenLayers.length },
  { id: 'units', label: 'Total units', value: (r) => r.config && r.config.hiddenLayers.reduce((s, l) => s + l.units, 0) },
  { id: 'learningRate', label: 'Learning rate', log: true, value: (r) => r.config && r.config.learningRate },
  { id: 'decay', label: 'LR decay', value: (r) => r.config && r.config.learningRateDecay },
  { id: 'batchSize', label: 'Batch size', log: true, value: (r) => r.config && (r.config.batchSize === 'full' ? null : r.config.batchSize) },
  { id: 'epochs', label: 'Epochs (cfg)', value: (r) => r.config && r.config.epochs },
  { id: 'l2', label: 'L2', value: (r) => r.config && r.config.l2 },
  { id: 'dropout', label: 'Max dropout', value: (r) => r.config && Math.max(0, ...r.config.hiddenLayers.map((l) => l.dropout)) },
  { id: 'seed', label: 'Seed', value: (r) => r.config && r.config.seed },
];

/** `neutral`: a difference that is neither better nor worse (shown without colour). */
export const FINAL_METRICS: { id: string; label: string; higherIsBetter: boolean; neutral?: boolean; percent?: boolean; value: (r: CompareRun) => number | null }[] = [
  { id: 'devAccuracy', label: 'Dev accuracy', higherIsBetter: true, percent: true, value: (r) => r.devAccuracy },
  { id: 'trainAccuracy', label: 'Train accuracy', higherIsBetter: true, percent: true, value: (r) => r.trainAccuracy },
  { id: 'devMacroF1', label: 'Dev macro F1', higherIsBetter: true, value: (r) => r.devMacroF1 },
  { id: 'devRmse', label: 'Dev RMSE', higherIsBetter: false, value: (r) => r.devRmse },
  { id: 'devMae', label: 'Dev MAE', higherIsBetter: false, value: (r) => r.devMae },
  { id: 'devR2', label: 'Dev R²', higherIsBetter: true, value: (r) => r.devR2 },
  { id: 'devLoss', label: 'Dev loss', higherIsBetter: false, value: (r) => r.devLoss },
  { id: 'trainLoss', label: 'Train loss', higherIsBetter: false, value: (r) => r.trainLoss },
  { id: 'epochsDone', label: 'Epochs done', higherIsBetter: false, neutral: true, value: (r) => r.epochsDone },
];

/** Metrics that at least one run has a value for (classification and regression differ). */
export function presentMetrics(runs: CompareRun[]) {
  return FINAL_METRICS.filter((m) => runs.some((r) => m.value(r) !== null));
}

/** Linear or log mapping of [lo, hi] to [0, 1]; a degenerate range maps to the middle. */
export function normalizer(values: number[], log = false) {
  const t = (v: number) => (log ? Math.log10(v) : v);
  const finite = values.filter((v) => Number.isFinite(v) && (!log || v > 0)).map(t);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return { lo: log ? 10 ** lo : lo, hi: log ? 10 ** hi : hi, map: (v: number) => (hi > lo ? (t(v) - lo) / (hi - lo) : 0.5) };
}
