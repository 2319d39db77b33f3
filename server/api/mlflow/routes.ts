import 'server-only';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { runMetricPoints, runs, users } from '@/db/schema';
import { createExternalRun, finishExternalRun } from '@/server/domain/runs/external';
import { METRIC_KEY_PATTERN } from '@/server/shared/runs/external-run-input';
import { access, actor, body, need, runIdOf, type Context } from './context';
import { experimentOf, FINAL_OF, fullRun, fullRuns, runInfo, runRow, splitNamed, teamSplits } from './entities';
import { keyValueSchema, logMlflowMetrics, logMlflowParams, metricSchema, setTags } from './logging';

/** MLflow's tracking endpoints Holdout serves, by path under /api/2.0/mlflow/. */

export type Handler = (ctx: Context) => Promise<unknown>;

export const ROUTES: Record<string, { method: 'GET' | 'POST'; handle: Handler }> = {
  'experiments/get-by-name': {
    method: 'GET',
    handle: async (ctx) => {
      await access(ctx, 'team.read');
      return { experiment: experimentOf(await splitNamed(ctx, need(z.string().min(1, 'experiment_name is required'), ctx.url.searchParams.get('experiment_name')))) };
    },
  },
  'experiments/get': {
    method: 'GET',
    handle: async (ctx) => {
      await access(ctx, 'team.read');
      return { experiment: experimentOf(await splitNamed(ctx, need(z.string().min(1, 'experiment_id is required'), ctx.url.searchParams.get('experiment_id')))) };
    },
  },
  'experiments/create': {
    method: 'POST',
    handle: async (ctx) => {
      await access(ctx, 'run.create');
      const { name } = need(z.object({ name: z.string().min(1, 'name is required') }), await body(ctx));
      // A split is frozen from data in Holdout; a name that is one already is simply returned.
      return { experiment_id: (await splitNamed(ctx, name)).id };
    },
  },
  'experiments/search': {
    method: 'POST',
    handle: async (ctx) => {
      await access(ctx, 'team.read');
      return { experiments: (await teamSplits(ctx)).map(experimentOf) };
    },
  },
  'runs/create': {
    method: 'POST',
    handle: async (ctx) => {
      const team = await access(ctx, 'run.create');
      const b = need(z.object({ experiment_id: z.string().min(1, 'experiment_id is required'), run_name: z.string().optional(), tags: z.array(keyValueSchema).default([]) }), await body(ctx));
      const split = await splitNamed(ctx, b.experiment_id);
      const name = b.run_name ?? b.tags.find((t) => t.key === 'mlflow.runName')?.value;
      const source = Object.fromEntries(b.tags.filter((t) => t.key !== 'mlflow.runName' && METRIC_KEY_PATTERN.test(t.key)).map((t) => [t.key, t.value.slice(0, 1000)]));
      const created = await createExternalRun(ctx.db, { userId: ctx.identity.userId, role: team.role }, ctx.identity.teamId, { splitId: split.id, name: name?.slice(0, 120) || undefined, config: {}, tags: [], source: { framework: 'mlflow', ...source } });
      return { run: await fullRun(ctx, await runRow(ctx, created.id)) };
    },
  },
  'runs/get': {
    method: 'GET',
    handle: async (ctx) => {
      await access(ctx, 'team.read');
      const runId = need(z.string().uuid('run_id must be a Holdout run id'), ctx.url.searchParams.get('run_id') ?? ctx.url.searchParams.get('run_uuid'));
      return { run: await fullRun(ctx, await runRow(ctx, runId)) };
    },
  },
  'runs/search': {
    method: 'POST',
    handle: async (ctx) => {
      await access(ctx, 'team.read');
      const b = need(z.object({ experiment_ids: z.array(z.string()).default([]), max_results: z.number().int().min(1).max(50_000).default(1000), page_token: z.string().optional() }), await body(ctx));
      const offset = b.page_token ? Number(Buffer.from(b.page_token, 'base64url').toString()) || 0 : 0;
      const all = await teamSplits(ctx);
      const ids = (await Promise.all(b.experiment_ids.map((id) => splitNamed(ctx, id, all)))).map((s) => s.id);
      if (ids.length === 0) return { runs: [] };
      const rows = await ctx.db
        .select({ run: runs, userName: users.name })
        .from(runs)
        .leftJoin(users, eq(users.id, runs.createdBy))
        .where(and(eq(runs.teamId, ctx.identity.teamId), inArray(runs.splitId, ids)))
        .orderBy(desc(runs.createdAt), desc(runs.number))
        .limit(Math.min(b.max_results, 1000) + 1)
        .offset(offset);
      const page = rows.slice(0, Math.min(b.max_results, 1000));
      const found = await fullRuns(ctx, page.map((r) => ({ ...r.run, userName: r.userName })));
      return { runs: found, ...(rows.length > page.length ? { next_page_token: Buffer.from(String(offset + page.length)).toString('base64url') } : {}) };
    },
  },
  'runs/update': {
    method: 'POST',
    handle: async (ctx) => {
      await access(ctx, 'run.create');
      const b = await body(ctx);
      const runId = runIdOf(b);
      const { status, run_name } = need(z.object({ status: z.enum(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED']).optional(), run_name: z.string().optional() }), b);
      if (run_name) await setTags(ctx, runId, [{ key: 'mlflow.runName', value: run_name }]);
      if (status && status in FINAL_OF) await finishExternalRun(ctx.db, actor(ctx), ctx.identity.teamId, { runId, status: FINAL_OF[status as keyof typeof FINAL_OF] });
      return { run_info: runInfo(await runRow(ctx, runId)) };
    },
  },
  'runs/log-metric': {
    method: 'POST',
    handle: async (ctx) => {
      await access(ctx, 'run.create');
      const b = await body(ctx);
      await logMlflowMetrics(ctx, runIdOf(b), [need(metricSchema, b)]);
      return {};
    },
  },
  'runs/log-parameter': {
    method: 'POST',
    handle: async (ctx) => {
      await access(ctx, 'run.create');
      const b = await body(ctx);
      await logMlflowParams(ctx, runIdOf(b), [need(keyValueSchema, b)]);
      return {};
    },
  },
  'runs/set-tag': {
    method: 'POST',
    handle: async (ctx) => {
      await access(ctx, 'run.create');
      const b = await body(ctx);
      await setTags(ctx, runIdOf(b), [need(keyValueSchema, b)]);
      return {};
    },
  },
  'runs/log-batch': {
    method: 'POST',
    handle: async (ctx) => {
      await access(ctx, 'run.create');
      const b = await body(ctx);
      const runId = runIdOf(b);
      const batch = need(z.object({ metrics: z.array(metricSchema).max(1000, 'metrics: at most 1000 per batch').default([]), params: z.array(keyValueSchema).max(100, 'params: at most 100 per batch').default([]), tags: z.array(keyValueSchema).max(100).default([]) }), b);
      await logMlflowParams(ctx, runId, batch.params);
      await setTags(ctx, runId, batch.tags);
      await logMlflowMetrics(ctx, runId, batch.metrics);
      return {};
    },
  },
  'metrics/get-history': {
    method: 'GET',
    handle: async (ctx) => {
      await access(ctx, 'team.read');
      const runId = need(z.string().uuid('run_id must be a Holdout run id'), ctx.url.searchParams.get('run_id') ?? ctx.url.searchParams.get('run_uuid'));
      const key = need(z.string().min(1, 'metric_key is required'), ctx.url.searchParams.get('metric_key'));
      await runRow(ctx, runId);
      const rows = await ctx.db
        .select({ value: runMetricPoints.value, step: runMetricPoints.step, loggedAt: runMetricPoints.loggedAt })
        .from(runMetricPoints)
        .where(and(eq(runMetricPoints.runId, runId), eq(runMetricPoints.key, key)))
        .orderBy(asc(runMetricPoints.step));
      return { metrics: rows.map((r) => ({ key, value: r.value, step: String(r.step), timestamp: String(r.loggedAt.getTime()) })) };
    },
  },
};

