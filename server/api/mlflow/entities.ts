import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import { runMetricPoints, runs, splits, users } from '@/db/schema';
import { DomainError } from '@/server/shared/errors';
import type { Context } from './context';

/** Holdout's splits and runs in MLflow's shapes: an experiment is a split, a run is a run. */
export const STATUS_OF = { queued: 'SCHEDULED', running: 'RUNNING', succeeded: 'FINISHED', failed: 'FAILED', cancelled: 'KILLED' } as const;
export const FINAL_OF = { FINISHED: 'succeeded', FAILED: 'failed', KILLED: 'cancelled' } as const;

// ————— experiments = splits —————

export interface SplitRow {
  id: string;
  name: string;
  createdAt: Date;
}

export function experimentOf(split: SplitRow) {
  const ms = String(split.createdAt.getTime());
  return { experiment_id: split.id, name: split.name, artifact_location: `mlflow-artifacts:/${split.id}`, lifecycle_stage: 'active', creation_time: ms, last_update_time: ms, tags: [] };
}

export async function teamSplits(ctx: Context): Promise<SplitRow[]> {
  return ctx.db.select({ id: splits.id, name: splits.name, createdAt: splits.createdAt }).from(splits).where(eq(splits.teamId, ctx.identity.teamId)).orderBy(desc(splits.createdAt));
}

/** The split an experiment name or id means; `all` when the caller already has the team's splits. */
export async function splitNamed(ctx: Context, name: string, all?: SplitRow[]): Promise<SplitRow> {
  all ??= await teamSplits(ctx);
  const split = all.find((s) => s.id === name) ?? all.find((s) => s.name === name);
  if (!split) {
    const names = all.slice(0, 10).map((s) => `"${s.name}"`).join(', ');
    throw new DomainError('NOT_FOUND', `No split named "${name}" in this team: an MLflow experiment is a Holdout split (its name or id)${names ? `, such as ${names}` : ''}. Freeze the split in Holdout first.`);
  }
  return split;
}

// ————— runs —————

export type RunRow = typeof runs.$inferSelect & { userName: string | null };

export async function runRow(ctx: Context, runId: string): Promise<RunRow> {
  const [row] = await ctx.db
    .select({ run: runs, userName: users.name })
    .from(runs)
    .leftJoin(users, eq(users.id, runs.createdBy))
    .where(and(eq(runs.id, runId), eq(runs.teamId, ctx.identity.teamId)));
  if (!row) throw new DomainError('NOT_FOUND', `Run '${runId}' not found in this team.`);
  return { ...row.run, userName: row.userName };
}

export function runInfo(run: RunRow) {
  return {
    run_id: run.id,
    run_uuid: run.id,
    run_name: run.name ?? `run #${run.number}`,
    experiment_id: run.splitId,
    user_id: run.userName ?? '',
    status: STATUS_OF[run.status],
    start_time: String((run.startedAt ?? run.createdAt).getTime()),
    ...(run.finishedAt ? { end_time: String(run.finishedAt.getTime()) } : {}),
    artifact_uri: `mlflow-artifacts:/${run.splitId}/${run.id}/artifacts`,
    lifecycle_stage: 'active',
  };
}

/** Runs in MLflow's { info, data } shape; each run's latest value per metric in one query for all of them. */
export async function fullRuns(ctx: Context, list: RunRow[]) {
  if (list.length === 0) return [];
  const ids = sql.join(list.map((r) => sql`${r.id}::uuid`), sql`, `);
  const latest = (await ctx.db.execute(
    sql`select distinct on (run_id, key) run_id, key, value, step, (extract(epoch from logged_at) * 1000)::bigint as ts
        from ${runMetricPoints} where run_id in (${ids}) order by run_id, key, step desc`,
  )) as unknown as { rows: { run_id: string; key: string; value: number; step: number; ts: string | number }[] };
  return list.map((run) => {
    const params = run.origin === 'external' ? Object.entries((run.config ?? {}) as Record<string, unknown>) : [];
    const data = {
      metrics: latest.rows.filter((m) => m.run_id === run.id).map((m) => ({ key: m.key, value: Number(m.value), timestamp: String(m.ts), step: String(m.step) })),
      params: params.map(([key, value]) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value) })),
      tags: [...Object.entries(run.source ?? {}).map(([key, value]) => ({ key, value })), { key: 'mlflow.runName', value: run.name ?? `run #${run.number}` }],
    };
    return { info: runInfo(run), data, inputs: {} };
  });
}

export async function fullRun(ctx: Context, run: RunRow) {
  return (await fullRuns(ctx, [run]))[0]!;
}
