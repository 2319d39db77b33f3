import 'server-only';
import { asc, inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { runMetricPoints } from '@/db/schema';
import type { RunCurves } from './compare';

/**
 * Which logged metric of an external run stands for which learning curve of a built-in run, so
 * the compare view overlays both: Keras names (loss, val_loss, accuracy, val_accuracy), the common
 * PyTorch and MLflow spellings (train_loss, dev/loss, val_acc …). A key that maps to nothing stays
 * on the run page only. These curves are self-reported; the compare view says so.
 */
const DEV_PREFIX = '(?:val|valid|validation|dev|eval)';
const TRAIN_PREFIX = '(?:train|training)';
const METRIC_WORDS: [string, string][] = [
  ['loss', 'Loss'],
  ['acc|accuracy', 'Accuracy'],
  ['f1|macro_f1|macrof1|f1_macro', 'MacroF1'],
  ['rmse', 'Rmse'],
  ['mae', 'Mae'],
  ['r2', 'R2'],
];
const RULES: { pattern: RegExp; name: string }[] = METRIC_WORDS.flatMap(([words, suffix]) => [
  { pattern: new RegExp(`^${DEV_PREFIX}[_/.\\s-]?(?:${words})$`, 'i'), name: `dev${suffix}` },
  { pattern: new RegExp(`^(?:${TRAIN_PREFIX}[_/.\\s-]?)?(?:${words})$`, 'i'), name: `train${suffix}` },
]);

/**
 * "val_loss" → "devLoss", "accuracy" → "trainAccuracy", "validation/epoch_loss" (Keras's TensorBoard
 * callback) → "devLoss"; null when the key is no known curve.
 */
export function curveNameOf(key: string): string | null {
  const normalized = key.trim().replace(/(^|[/_.\s-])epoch_/i, '$1');
  for (const rule of RULES) if (rule.pattern.test(normalized)) return rule.name;
  return null;
}

/** Logged points of external runs as compare curves: steps as the x axis, NaN where a curve has no point at a step. */
export async function curvesFromLoggedMetrics(db: Database, runIds: string[]): Promise<RunCurves[]> {
  if (runIds.length === 0) return [];
  const rows = await db
    .select({ runId: runMetricPoints.runId, key: runMetricPoints.key, step: runMetricPoints.step, value: runMetricPoints.value })
    .from(runMetricPoints)
    .where(inArray(runMetricPoints.runId, runIds))
    .orderBy(asc(runMetricPoints.runId), asc(runMetricPoints.step));
  const perRun = new Map<string, Map<string, Map<number, number>>>();
  for (const row of rows) {
    const name = curveNameOf(row.key);
    if (!name) continue;
    const series = perRun.get(row.runId) ?? new Map<string, Map<number, number>>();
    perRun.set(row.runId, series);
    const points = series.get(name) ?? new Map<number, number>();
    series.set(name, points);
    points.set(row.step, row.value);
  }
  return runIds.map((runId) => {
    const series = perRun.get(runId) ?? new Map<string, Map<number, number>>();
    const steps = [...new Set([...series.values()].flatMap((points) => [...points.keys()]))].sort((a, b) => a - b);
    const column = (name: string) => steps.map((s) => series.get(name)?.get(s) ?? Number.NaN);
    const metrics: Record<string, number[]> = {};
    for (const name of series.keys()) if (name !== 'trainLoss' && name !== 'devLoss') metrics[name] = column(name);
    return { runId, epoch: steps, trainLoss: column('trainLoss'), devLoss: column('devLoss'), metrics };
  });
}
