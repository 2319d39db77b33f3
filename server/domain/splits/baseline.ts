import 'server-only';
import { sql } from 'drizzle-orm';
import { splits } from '@/db/schema';
import type { TaskKind } from '../../shared/runs/model-config';
import type { PartSummary } from './guidance';

/**
 * What a model that learned nothing scores on the dev split: the floor every run must clear before
 * its bias and variance are worth discussing. Computed from the split's stored train and dev
 * summaries (never from test), with the constant fitted on train as a model would be.
 */
export type DevBaseline =
  | {
      kind: 'majority-class';
      /** The most frequent train label, predicted for every dev row. */
      label: string;
      devAccuracy: number;
      devRows: number;
    }
  | {
      kind: 'train-mean';
      /** The train target's mean, predicted for every dev row. */
      value: number;
      devRmse: number;
      /** 1 − SSE/SST on dev: 0 when the dev mean equals the train mean, below 0 otherwise; null when dev has no spread. */
      devR2: number | null;
      devRows: number;
    };

const MISSING_LABEL = '(missing)';

/**
 * The part summaries of a split's stored guidance, as a column to select: a baseline needs only
 * these, not the per-feature checks stored beside them (null for guidance stored without parts).
 */
export const storedPartSummaries = sql<PartSummary[] | null>`${splits.guidance} -> 'parts'`;

export function devBaseline(parts: readonly PartSummary[] | undefined, task: TaskKind): DevBaseline | null {
  const train = parts?.find((p) => p.part === 'train');
  const dev = parts?.find((p) => p.part === 'dev');
  if (!train || !dev) return null;
  if (task === 'classification') {
    const trainLabels = (train.labels ?? []).filter((l) => l.label !== MISSING_LABEL && l.count > 0);
    const devLabels = (dev.labels ?? []).filter((l) => l.label !== MISSING_LABEL);
    const devRows = devLabels.reduce((sum, l) => sum + l.count, 0);
    if (trainLabels.length === 0 || devRows === 0) return null;
    // Ties go to the label listed first, as a stable argmax would.
    const majority = trainLabels.reduce((best, l) => (l.count > best.count ? l : best));
    const hits = devLabels.find((l) => l.label === majority.label)?.count ?? 0;
    return { kind: 'majority-class', label: majority.label, devAccuracy: hits / devRows, devRows };
  }
  const t = train.target;
  const d = dev.target;
  if (!t || !d || t.count === 0 || d.count === 0 || !Number.isFinite(t.mean) || !Number.isFinite(d.mean)) return null;
  // The summaries hold the sample standard deviation; the dev errors need the population variance.
  const devVariance = d.count > 1 && Number.isFinite(d.std) ? (d.std * d.std * (d.count - 1)) / d.count : 0;
  const shift = d.mean - t.mean;
  return {
    kind: 'train-mean',
    value: t.mean,
    devRmse: Math.sqrt(devVariance + shift * shift),
    devR2: devVariance > 0 ? -(shift * shift) / devVariance : null,
    devRows: d.count,
  };
}

/** The baseline's dev error in the units fit diagnosis uses: 1 − accuracy, or RMSE. */
export function baselineDevError(baseline: DevBaseline): number {
  return baseline.kind === 'majority-class' ? 1 - baseline.devAccuracy : baseline.devRmse;
}

/** "predicting the majority class 'yes' for every row" / "predicting the train mean 3.2 for every row" */
export function describeBaseline(baseline: DevBaseline): string {
  return baseline.kind === 'majority-class'
    ? `predicting the majority class ‘${baseline.label}’ for every row`
    : `predicting the train mean ${Number(baseline.value.toPrecision(4))} for every row`;
}
