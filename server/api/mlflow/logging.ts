import 'server-only';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { runMetricPoints, runs } from '@/db/schema';
import { lockExternalRun, logExternalParams } from '@/server/domain/runs/external';
import { logExternalMetrics } from '@/server/domain/runs/external-metrics';
import { logMetricsInput, logParamsInput, METRIC_KEY_PATTERN } from '@/server/shared/runs/external-run-input';
import { notifyRunChange } from '@/server/shared/runs/notify';
import { actor, MlflowInput, need, type Context } from './context';

/** MLflow tags go to the run's source (where it ran: user, script, git commit …); mlflow.runName renames it. */
export async function setTags(ctx: Context, runId: string, tags: { key: string; value: string }[]): Promise<void> {
  if (tags.length === 0) return;
  await ctx.db.transaction(async (tx) => {
    const run = await lockExternalRun(tx, actor(ctx), ctx.identity.teamId, runId, 'any');
    const [current] = await tx.select({ source: runs.source, name: runs.name }).from(runs).where(eq(runs.id, run.id));
    const source = { ...(current?.source ?? {}) };
    let name = current?.name ?? null;
    for (const { key, value } of tags) {
      if (!METRIC_KEY_PATTERN.test(key)) throw new MlflowInput(`tags: "${key}" is not a valid tag name`);
      if (key === 'mlflow.runName') name = value.slice(0, 120);
      else source[key] = value.slice(0, 1000);
    }
    await tx.update(runs).set({ source, name }).where(eq(runs.id, run.id));
    await notifyRunChange(tx, ctx.identity.teamId, run.id, 'log');
  });
}

export const metricSchema = z.object({ key: z.string(), value: z.union([z.number(), z.string()]), timestamp: z.union([z.number(), z.string()]).optional(), step: z.union([z.number(), z.string()]).optional() });
export const keyValueSchema = z.object({ key: z.string(), value: z.union([z.string(), z.number(), z.boolean()]).transform(String) });

/**
 * MLflow's client sends step 0 when a script gives none, and allows several values at one step;
 * Holdout keeps one value per step. So a stepless value logged after others goes to the next step,
 * and a value already stored at its step (a retry) is not sent twice.
 */
export async function logMlflowMetrics(ctx: Context, runId: string, metrics: z.output<typeof metricSchema>[]): Promise<void> {
  if (metrics.length === 0) return;
  const points = metrics.map((m, i) => {
    const value = typeof m.value === 'string' ? Number(m.value) : m.value;
    if (!Number.isFinite(value)) throw new MlflowInput(`metrics[${i}]: "${m.key}" has the value ${String(m.value)}; Holdout stores finite numbers only.`);
    const step = m.step === undefined ? 0 : Number(m.step);
    if (!Number.isInteger(step) || step < 0) throw new MlflowInput(`metrics[${i}]: step ${String(m.step)} of "${m.key}" is not a non-negative integer.`);
    return { key: m.key, value, step };
  });
  const keys = [...new Set(points.map((p) => p.key))];
  const stored = await ctx.db
    .select({ key: runMetricPoints.key, step: runMetricPoints.step, value: runMetricPoints.value })
    .from(runMetricPoints)
    .where(and(eq(runMetricPoints.runId, runId), inArray(runMetricPoints.key, keys)))
    .orderBy(asc(runMetricPoints.step));
  const last = new Map<string, number>();
  const at = new Map<string, number>();
  for (const s of stored) {
    last.set(s.key, Math.max(last.get(s.key) ?? -1, s.step));
    at.set(`${s.key}\u0000${s.step}`, s.value);
  }
  const out: typeof points = [];
  for (const p of points) {
    if (at.get(`${p.key}\u0000${p.step}`) === p.value) continue; // Already stored: a retried call.
    const max = last.get(p.key) ?? -1;
    const step = p.step <= max && p.step === 0 ? max + 1 : p.step;
    out.push({ ...p, step });
    last.set(p.key, Math.max(max, step));
    at.set(`${p.key}\u0000${step}`, p.value);
  }
  for (let i = 0; i < out.length; i += 10_000) await logExternalMetrics(ctx.db, actor(ctx), ctx.identity.teamId, need(logMetricsInput, { runId, points: out.slice(i, i + 10_000) }));
}

export async function logMlflowParams(ctx: Context, runId: string, params: { key: string; value: string }[]): Promise<void> {
  if (params.length === 0) return;
  await logExternalParams(ctx.db, actor(ctx), ctx.identity.teamId, need(logParamsInput, { runId, params: Object.fromEntries(params.map((p) => [p.key, p.value])) }));
}
