import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '@/db/client';
import { runMetricPoints } from '@/db/schema';
import { DomainError } from '@/server/shared/errors';
import { notifyRunChange } from '@/server/shared/runs/notify';
import type { logMetricsInput } from '@/server/shared/runs/external-run-input';
import { lockExternalRun, type Actor } from './external';

/**
 * Metric points a script logged, by key and step. Idempotent: a batch sent twice (a retry after a
 * timeout) changes nothing the second time. Under the run's row lock, a batch is applied whole or
 * not at all; a point is refused, naming it, when its step goes back in time (in the batch, or
 * before a step already stored, unless it is that same point again) or when it changes a value
 * already stored at its step.
 */
export async function logExternalMetrics(
  db: Database,
  actor: Actor,
  teamId: string,
  input: z.output<typeof logMetricsInput>,
): Promise<{ accepted: number; alreadyLogged: number }> {
  const { points } = input;
  const lastInBatch = new Map<string, { step: number; index: number }>();
  points.forEach((p, index) => {
    const last = lastInBatch.get(p.key);
    if (last && p.step <= last.step) {
      throw new DomainError(
        'BAD_INPUT',
        `points[${index}]: step ${p.step} of "${p.key}" comes after step ${last.step} (points[${last.index}]) in this batch; send each metric's steps in increasing order, one value per step.`,
      );
    }
    lastInBatch.set(p.key, { step: p.step, index });
  });

  return db.transaction(async (tx) => {
    const run = await lockExternalRun(tx, actor, teamId, input.runId);
    const keys = [...lastInBatch.keys()];
    const stored = (await tx.execute(
      // One backward index probe per key (the primary key is run, key, step): as cheap at a million points as at ten.
      sql`select k.key, (select m.step from ${runMetricPoints} m where m.run_id = ${run.id} and m.key = k.key order by m.step desc limit 1) as max_step
          from unnest(${pgArray(keys)}::text[]) as k(key)`,
    )) as unknown as { rows: { key: string; max_step: number | null }[] };
    const maxStored = new Map(stored.rows.filter((r) => r.max_step !== null).map((r) => [r.key, Number(r.max_step)]));

    // Points at or before a key's last stored step can only be the same points again.
    const replayed = points.map((p, index) => ({ ...p, index })).filter((p) => p.step <= (maxStored.get(p.key) ?? -1));
    if (replayed.length) {
      const existing = (await tx.execute(
        sql`select m.key, m.step, m.value from ${runMetricPoints} m
            join unnest(${pgArray(replayed.map((p) => p.key))}::text[], ${pgArray(replayed.map((p) => p.step))}::int[]) as t(key, step) on m.key = t.key and m.step = t.step
            where m.run_id = ${run.id}`,
      )) as unknown as { rows: { key: string; step: number; value: number }[] };
      const value = new Map(existing.rows.map((r) => [`${r.step}\u0000${r.key}`, Number(r.value)]));
      for (const p of replayed) {
        const was = value.get(`${p.step}\u0000${p.key}`);
        if (was === undefined) {
          throw new DomainError('BAD_INPUT', `points[${p.index}]: step ${p.step} of "${p.key}" is out of order: step ${maxStored.get(p.key)} is already logged; log each metric's steps in increasing order.`);
        }
        if (was !== p.value) {
          throw new DomainError('CONFLICT', `points[${p.index}]: "${p.key}" at step ${p.step} is already logged as ${was}; a logged point keeps its value (this batch changes nothing).`);
        }
      }
    }
    const fresh = points.filter((p) => p.step > (maxStored.get(p.key) ?? -1));
    if (fresh.length) {
      await tx.execute(
        sql`insert into ${runMetricPoints} (run_id, key, step, value)
            select ${run.id}, k, s, v from unnest(${pgArray(fresh.map((p) => p.key))}::text[], ${pgArray(fresh.map((p) => p.step))}::int[], ${pgArray(fresh.map((p) => p.value))}::float8[]) as t(k, s, v)`,
      );
      await notifyRunChange(tx, teamId, run.id, 'epoch');
    }
    return { accepted: fresh.length, alreadyLogged: points.length - fresh.length };
  });
}

export interface LoggedSeries {
  key: string;
  steps: number[];
  values: number[];
}

/** Every logged metric of a run as one series per key, in step order. */
export async function loggedMetrics(db: Database, runId: string): Promise<LoggedSeries[]> {
  const rows = await db
    .select({ key: runMetricPoints.key, step: runMetricPoints.step, value: runMetricPoints.value })
    .from(runMetricPoints)
    .where(eq(runMetricPoints.runId, runId))
    .orderBy(asc(runMetricPoints.key), asc(runMetricPoints.step));
  const series = new Map<string, LoggedSeries>();
  for (const row of rows) {
    let s = series.get(row.key);
    if (!s) series.set(row.key, (s = { key: row.key, steps: [], values: [] }));
    s.steps.push(row.step);
    s.values.push(row.value);
  }
  return [...series.values()];
}

/** A PostgreSQL array literal as one parameter: fast for thousands of values, on pg and PGlite alike. */
function pgArray(values: readonly (string | number)[]): string {
  return `{${values.map((v) => (typeof v === 'number' ? String(v) : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
}
