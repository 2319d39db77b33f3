import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { runCurves, runs } from '@/db/schema';
import { DomainError } from '../../shared/errors';
import { curvesFromLoggedMetrics } from './logged-curves';

export const MAX_COMPARE_RUNS = 1000;

export interface RunCurves {
  runId: string;
  epoch: number[];
  trainLoss: number[];
  devLoss: number[];
  /** Every per-epoch metric the run reported, train and dev, as columns aligned with `epoch`. */
  metrics: Record<string, number[]>;
}

/**
 * A chart is a few hundred pixels wide: past this many epochs a curve is thinned to every k-th
 * epoch (always keeping the first and last), which keeps 100 runs × 1,000 epochs fast to read,
 * send and draw. The run page still shows every epoch.
 */
export const MAX_POINTS_PER_CURVE = 250;

interface AggregatedCurves {
  run_id: string;
  epochs: (number | string)[];
  train_loss: (number | string)[];
  dev_loss: (number | string)[];
  train_metrics: string;
  dev_metrics: string;
}

const emptyCurves = (runId: string): RunCurves => ({ runId, epoch: [], trainLoss: [], devLoss: [], metrics: {} });

/** Decodes a run_curves row: `names.length` series of `points` big-endian float32 each. */
function unpackCurveRow(runId: string, row: { points: number; names: string[]; data: Uint8Array }): RunCurves {
  const view = new DataView(row.data.buffer, row.data.byteOffset, row.data.byteLength);
  if (row.data.byteLength !== row.names.length * row.points * 4) {
    throw new Error(`run_curves row of run ${runId} holds ${row.data.byteLength} bytes, expected ${row.names.length} series × ${row.points} points × 4`);
  }
  const curves = emptyCurves(runId);
  row.names.forEach((name, s) => {
    const values = new Array<number>(row.points);
    for (let i = 0; i < row.points; i++) values[i] = view.getFloat32((s * row.points + i) * 4, false);
    if (name === 'epoch') curves.epoch = values;
    else if (name === 'trainLoss') curves.trainLoss = values;
    else if (name === 'devLoss') curves.devLoss = values;
    else curves.metrics[name] = values;
  });
  return curves;
}

/** Every k-th epoch plus the first and last, once a curve has more than `maxPoints` epochs. */
function thinCurves(curves: RunCurves, maxPoints: number): RunCurves {
  const last = curves.epoch[curves.epoch.length - 1] ?? 0;
  const every = Math.max(1, Math.ceil(last / maxPoints));
  if (every === 1) return curves;
  const keep = curves.epoch.flatMap((epoch, i) => (epoch % every === 0 || epoch === last || epoch === 1 ? [i] : []));
  const pick = (values: number[]) => keep.map((i) => values[i]!);
  return {
    runId: curves.runId,
    epoch: pick(curves.epoch),
    trainLoss: pick(curves.trainLoss),
    devLoss: pick(curves.devLoss),
    metrics: Object.fromEntries(Object.entries(curves.metrics).map(([name, values]) => [name, pick(values)])),
  };
}

/** Curves straight from run_epochs, one aggregated row per run: for runs still training. */
async function curvesFromEpochs(db: Database, runIds: string[]): Promise<RunCurves[]> {
  const ids = sql.join(runIds.map((id) => sql`${id}::uuid`), sql`, `);
  const result = await db.execute(sql`
    SELECT run_id,
           array_agg(epoch ORDER BY epoch) AS epochs,
           array_agg(train_loss ORDER BY epoch) AS train_loss,
           array_agg(dev_loss ORDER BY epoch) AS dev_loss,
           jsonb_agg(train_metrics ORDER BY epoch)::text AS train_metrics,
           jsonb_agg(dev_metrics ORDER BY epoch)::text AS dev_metrics
    FROM run_epochs
    WHERE run_id IN (${ids})
    GROUP BY run_id`);
  return (result as unknown as { rows: AggregatedCurves[] }).rows.map((row) => {
    const curves = emptyCurves(row.run_id);
    curves.epoch = row.epochs.map(Number);
    curves.trainLoss = row.train_loss.map(Number);
    curves.devLoss = row.dev_loss.map(Number);
    for (const [prefix, json] of [['train', row.train_metrics], ['dev', row.dev_metrics]] as const) {
      const perEpoch = JSON.parse(json) as Record<string, number>[];
      perEpoch.forEach((values, i) => {
        for (const [name, value] of Object.entries(values)) {
          const key = `${prefix}${name.charAt(0).toUpperCase()}${name.slice(1)}`;
          (curves.metrics[key] ??= new Array<number>(perEpoch.length).fill(Number.NaN))[i] = value;
        }
      });
    }
    return curves;
  });
}

/**
 * The learning curves of many runs, as columns (compact to send and direct to plot). Finished
 * runs come packed from run_curves, one row each; a run still training, or whose packed row is
 * behind its epochs (an epoch that landed after the run ended), is read from run_epochs. An
 * external run's curves are the metrics its script logged (logged-curves.ts), step by step.
 */
export async function compareCurves(db: Database, teamId: string, runIds: string[], maxPoints = MAX_POINTS_PER_CURVE): Promise<RunCurves[]> {
  const unique = [...new Set(runIds)];
  if (unique.length > MAX_COMPARE_RUNS) throw new DomainError('BAD_INPUT', `Compare at most ${MAX_COMPARE_RUNS} runs at once (got ${unique.length}).`);
  if (unique.length === 0) return [];
  const picked = await db
    .select({ id: runs.id, origin: runs.origin, epochsDone: runs.epochsDone, lastEpoch: runCurves.lastEpoch, points: runCurves.points, names: runCurves.names, data: runCurves.data })
    .from(runs)
    .leftJoin(runCurves, eq(runCurves.runId, runs.id))
    .where(and(eq(runs.teamId, teamId), inArray(runs.id, unique)));
  if (picked.length !== unique.length) throw new DomainError('NOT_FOUND', 'Some of these runs are not in this team.');
  const byRun = new Map<string, RunCurves>();
  const unpacked: string[] = [];
  const external: string[] = [];
  for (const row of picked) {
    if (row.origin === 'external') external.push(row.id);
    else if (row.epochsDone === 0) byRun.set(row.id, emptyCurves(row.id));
    else if (row.data && row.names && row.points !== null && row.lastEpoch === row.epochsDone) byRun.set(row.id, unpackCurveRow(row.id, { points: row.points, names: row.names, data: row.data }));
    else unpacked.push(row.id);
  }
  if (unpacked.length > 0) for (const curves of await curvesFromEpochs(db, unpacked)) byRun.set(curves.runId, curves);
  for (const curves of await curvesFromLoggedMetrics(db, external)) byRun.set(curves.runId, curves);
  return unique.map((id) => thinCurves(byRun.get(id) ?? emptyCurves(id), maxPoints));
}

/**
 * The compare view's wire format: each series as base64 of little-endian Float32 (epochs as
 * Int32). 100 runs × 1,000 epochs is ~3 MB instead of ~12 MB of JSON numbers, and superjson
 * passes strings through instead of walking 700k numbers (~1.3 s measured).
 */
export interface PackedCurves {
  runId: string;
  points: number;
  epoch: string;
  trainLoss: string;
  devLoss: string;
  metrics: Record<string, string>;
}

function packFloat32(values: number[]): string {
  return Buffer.from(new Float32Array(values).buffer).toString('base64');
}

export function packCurves(curves: RunCurves[]): PackedCurves[] {
  return curves.map((c) => ({
    runId: c.runId,
    points: c.epoch.length,
    epoch: Buffer.from(new Int32Array(c.epoch).buffer).toString('base64'),
    trainLoss: packFloat32(c.trainLoss),
    devLoss: packFloat32(c.devLoss),
    metrics: Object.fromEntries(Object.entries(c.metrics).map(([name, values]) => [name, packFloat32(values)])),
  }));
}
