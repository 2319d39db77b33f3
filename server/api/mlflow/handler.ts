import 'server-only';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { runMetricPoints, runs, splits, users } from '@/db/schema';
import { authenticateToken, type TokenIdentity } from '@/server/domain/accounts/api-tokens';
import { listArtifacts, putArtifact, readArtifact } from '@/server/domain/runs/artifacts';
import { createExternalRun, finishExternalRun, lockExternalRun, logExternalParams } from '@/server/domain/runs/external';
import { logExternalMetrics } from '@/server/domain/runs/external-metrics';
import { isDomainError, DomainError, type DomainErrorCode } from '@/server/shared/errors';
import { logServerError } from '@/server/shared/log';
import type { Services } from '@/server/shared/services';
import { logMetricsInput, logParamsInput, METRIC_KEY_PATTERN } from '@/server/shared/runs/external-run-input';
import { notifyRunChange } from '@/server/shared/runs/notify';
import { Readable } from 'node:stream';
import { resolveTeamAccess } from '../team-access';
import { apiRateLimiter } from '../http-v1/rate-limit';
import { readBoundedBody, RequestRefused } from '../request-guards';
import { API_MAX_JSON_BYTES } from '@/server/shared/api-limits';
import type { Permission } from '@/server/shared/auth/permissions';

/**
 * The subset of MLflow's tracking REST API (2.0) that the official client calls for
 * set_experiment, start_run, log_param(s), log_metric(s), set_tag, end_run, get_run, search_runs
 * and log_artifact(s), so an unchanged MLflow script logs into Holdout with
 * MLFLOW_TRACKING_URI=<this app> and MLFLOW_TRACKING_TOKEN=<an API token>. An MLflow experiment is
 * a Holdout split (by name or id; Holdout never creates one from a name, since a split is frozen
 * from data); a run is an external run. What MLflow logs is self-reported, as for every external
 * run: it ranks only once dev predictions are sent through /api/v1.
 */
type MlflowServices = Pick<Services, 'db' | 'blobs'>;


const MLFLOW_CODE: Record<DomainErrorCode, [number, string]> = {
  BAD_INPUT: [400, 'INVALID_PARAMETER_VALUE'],
  UNAUTHORIZED: [401, 'UNAUTHENTICATED'],
  FORBIDDEN: [403, 'PERMISSION_DENIED'],
  NOT_FOUND: [404, 'RESOURCE_DOES_NOT_EXIST'],
  CONFLICT: [400, 'INVALID_PARAMETER_VALUE'],
  PRECONDITION_FAILED: [400, 'INVALID_STATE'],
  PAYLOAD_TOO_LARGE: [400, 'INVALID_PARAMETER_VALUE'],
  TOO_MANY_REQUESTS: [429, 'REQUEST_LIMIT_EXCEEDED'],
};

function mlflowError(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error_code: code, message }, { status, headers });
}

class MlflowInput extends Error {}

const STATUS_OF = { queued: 'SCHEDULED', running: 'RUNNING', succeeded: 'FINISHED', failed: 'FAILED', cancelled: 'KILLED' } as const;
const FINAL_OF = { FINISHED: 'succeeded', FAILED: 'failed', KILLED: 'cancelled' } as const;

interface Context {
  db: Database;
  services: MlflowServices;
  identity: TokenIdentity;
  request: Request;
  url: URL;
}

async function access(ctx: Context, permission: Permission) {
  return resolveTeamAccess(ctx.db, ctx.identity.userId, ctx.identity.teamId, permission, { teamId: ctx.identity.teamId, role: ctx.identity.role });
}

function actor(ctx: Context) {
  return { userId: ctx.identity.userId, role: ctx.identity.role };
}

async function body(ctx: Context): Promise<Record<string, unknown>> {
  const text = (await readBoundedBody(ctx.request, API_MAX_JSON_BYTES)).toString('utf8');
  if (!text) return {};
  try {
    const json = JSON.parse(text) as unknown;
    if (json && typeof json === 'object' && !Array.isArray(json)) return json as Record<string, unknown>;
  } catch {
    // Falls through to the refusal.
  }
  throw new MlflowInput('The request body is not a JSON object.');
}

function need<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new MlflowInput(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return parsed.data;
}

const runIdOf = (b: Record<string, unknown>) => need(z.string().uuid('run_id must be a Holdout run id'), b.run_id ?? b.run_uuid);

// ————— experiments = splits —————

interface SplitRow {
  id: string;
  name: string;
  createdAt: Date;
}

function experimentOf(split: SplitRow) {
  const ms = String(split.createdAt.getTime());
  return { experiment_id: split.id, name: split.name, artifact_location: `mlflow-artifacts:/${split.id}`, lifecycle_stage: 'active', creation_time: ms, last_update_time: ms, tags: [] };
}

async function teamSplits(ctx: Context): Promise<SplitRow[]> {
  return ctx.db.select({ id: splits.id, name: splits.name, createdAt: splits.createdAt }).from(splits).where(eq(splits.teamId, ctx.identity.teamId)).orderBy(desc(splits.createdAt));
}

async function splitNamed(ctx: Context, name: string): Promise<SplitRow> {
  const all = await teamSplits(ctx);
  const split = all.find((s) => s.id === name) ?? all.find((s) => s.name === name);
  if (!split) {
    const names = all.slice(0, 10).map((s) => `"${s.name}"`).join(', ');
    throw new DomainError('NOT_FOUND', `No split named "${name}" in this team: an MLflow experiment is a Holdout split (its name or id)${names ? `, such as ${names}` : ''}. Freeze the split in Holdout first.`);
  }
  return split;
}

// ————— runs —————

type RunRow = typeof runs.$inferSelect & { userName: string | null };

async function runRow(ctx: Context, runId: string): Promise<RunRow> {
  const [row] = await ctx.db
    .select({ run: runs, userName: users.name })
    .from(runs)
    .leftJoin(users, eq(users.id, runs.createdBy))
    .where(and(eq(runs.id, runId), eq(runs.teamId, ctx.identity.teamId)));
  if (!row) throw new DomainError('NOT_FOUND', `Run '${runId}' not found in this team.`);
  return { ...row.run, userName: row.userName };
}

function runInfo(run: RunRow) {
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

async function runData(ctx: Context, run: RunRow) {
  const latest = (await ctx.db.execute(
    sql`select distinct on (key) key, value, step, (extract(epoch from logged_at) * 1000)::bigint as ts from ${runMetricPoints} where run_id = ${run.id} order by key, step desc`,
  )) as unknown as { rows: { key: string; value: number; step: number; ts: string | number }[] };
  const params = run.origin === 'external' ? Object.entries((run.config ?? {}) as Record<string, unknown>) : [];
  const tags = Object.entries(run.source ?? {});
  return {
    metrics: latest.rows.map((m) => ({ key: m.key, value: Number(m.value), timestamp: String(m.ts), step: String(m.step) })),
    params: params.map(([key, value]) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value) })),
    tags: [...tags.map(([key, value]) => ({ key, value })), { key: 'mlflow.runName', value: run.name ?? `run #${run.number}` }],
  };
}

async function fullRun(ctx: Context, run: RunRow) {
  return { info: runInfo(run), data: await runData(ctx, run), inputs: {} };
}

/** MLflow tags go to the run's source (where it ran: user, script, git commit …); mlflow.runName renames it. */
async function setTags(ctx: Context, runId: string, tags: { key: string; value: string }[]): Promise<void> {
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

const metricSchema = z.object({ key: z.string(), value: z.union([z.number(), z.string()]), timestamp: z.union([z.number(), z.string()]).optional(), step: z.union([z.number(), z.string()]).optional() });
const keyValueSchema = z.object({ key: z.string(), value: z.union([z.string(), z.number(), z.boolean()]).transform(String) });

/**
 * MLflow's client sends step 0 when a script gives none, and allows several values at one step;
 * Holdout keeps one value per step. So a stepless value logged after others goes to the next step,
 * and a value already stored at its step (a retry) is not sent twice.
 */
async function logMlflowMetrics(ctx: Context, runId: string, metrics: z.output<typeof metricSchema>[]): Promise<void> {
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

async function logMlflowParams(ctx: Context, runId: string, params: { key: string; value: string }[]): Promise<void> {
  if (params.length === 0) return;
  await logExternalParams(ctx.db, actor(ctx), ctx.identity.teamId, need(logParamsInput, { runId, params: Object.fromEntries(params.map((p) => [p.key, p.value])) }));
}

// ————— routes —————

type Handler = (ctx: Context) => Promise<unknown>;

const ROUTES: Record<string, { method: 'GET' | 'POST'; handle: Handler }> = {
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
      const ids = (await Promise.all(b.experiment_ids.map((id) => splitNamed(ctx, id)))).map((s) => s.id);
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
      const found = await Promise.all(page.map((r) => fullRun(ctx, { ...r.run, userName: r.userName })));
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

/** `<experiment>/<run>/artifacts/<path>` of the mlflow-artifacts proxy: the run, and the artifact's path in it. */
function artifactTarget(path: string): { runId: string; artifactPath: string } {
  const match = /^[^/]+\/([0-9a-f-]{36})\/artifacts(?:\/(.*))?$/.exec(path);
  if (!match) throw new DomainError('NOT_FOUND', `No artifact location "${path}": expected <experiment id>/<run id>/artifacts/<path>.`);
  return { runId: match[1]!, artifactPath: match[2] ?? '' };
}

async function artifacts(ctx: Context, path: string): Promise<Response> {
  if (ctx.request.method === 'PUT') {
    await access(ctx, 'run.create');
    const { runId, artifactPath } = artifactTarget(path);
    if (!ctx.request.body) throw new MlflowInput('Send the file as the request body.');
    await putArtifact(ctx.db, ctx.services.blobs, actor(ctx), ctx.identity.teamId, { runId, path: artifactPath, contentType: ctx.request.headers.get('content-type'), body: Readable.fromWeb(ctx.request.body as never) });
    return Response.json({});
  }
  await access(ctx, 'team.read');
  const listing = path === '' ? ctx.url.searchParams.get('path') : null;
  if (listing !== null) {
    const { runId, artifactPath } = artifactTarget(listing);
    const prefix = artifactPath ? `${artifactPath.replace(/\/+$/, '')}/` : '';
    const all = await listArtifacts(ctx.db, ctx.identity.teamId, runId);
    const entries = new Map<string, { path: string; is_dir: boolean; file_size?: string }>();
    for (const a of all.filter((a) => a.path.startsWith(prefix))) {
      const rest = a.path.slice(prefix.length);
      const [head, ...tail] = rest.split('/');
      entries.set(head!, tail.length ? { path: head!, is_dir: true } : { path: head!, is_dir: false, file_size: String(a.sizeBytes) });
    }
    return Response.json({ files: [...entries.values()] });
  }
  const { runId, artifactPath } = artifactTarget(path);
  const file = await readArtifact(ctx.db, ctx.services.blobs, ctx.identity.teamId, runId, artifactPath);
  // A file someone uploaded: always a download, never rendered as a page of this origin.
  return new Response(new Uint8Array(file.body), {
    headers: { 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.fileName.replace(/"/g, '')}"`, 'x-content-type-options': 'nosniff' },
  });
}

/**
 * /api/2.0/mlflow/<endpoint> and /api/2.0/mlflow-artifacts/artifacts/<path>. Authenticated like
 * /api/v1 (MLflow's client sends MLFLOW_TRACKING_TOKEN as a bearer token), errors in MLflow's shape
 * ({ error_code, message }) so its client raises them with Holdout's words.
 */
export async function handleMlflow(request: Request, services: MlflowServices): Promise<Response> {
  const url = new URL(request.url);
  const match = /^\/api\/2\.0\/(mlflow|mlflow-artifacts\/artifacts)(?:\/(.*))?$/.exec(url.pathname);
  if (!match) return mlflowError(404, 'ENDPOINT_NOT_FOUND', `${url.pathname} is not an MLflow endpoint Holdout serves.`);
  try {
    const bearer = /^Bearer\s+(\S+)$/i.exec((request.headers.get('authorization') ?? '').trim());
    if (!bearer) return mlflowError(401, 'UNAUTHENTICATED', 'Set MLFLOW_TRACKING_TOKEN to a Holdout API token (account page → API tokens).');
    const identity = await authenticateToken(services.db, bearer[1]!);
    const wait = apiRateLimiter.take(identity.tokenId);
    if (wait > 0) return mlflowError(429, 'REQUEST_LIMIT_EXCEEDED', `Too many requests for this token; retry in ${wait} s.`, { 'retry-after': String(wait) });
    const ctx: Context = { db: services.db, services, identity, request, url };
    const rest = decodeURIComponent(match[2] ?? '');
    if (match[1] !== 'mlflow') return await artifacts(ctx, rest);
    const route = ROUTES[rest];
    if (!route) return mlflowError(404, 'ENDPOINT_NOT_FOUND', `MLflow endpoint "${rest}" is not one Holdout implements (experiments, runs, metrics history and artifacts are).`);
    if (route.method !== request.method) return mlflowError(405, 'INVALID_PARAMETER_VALUE', `${rest} takes ${route.method}.`);
    return Response.json(await route.handle(ctx));
  } catch (error) {
    if (error instanceof MlflowInput) return mlflowError(400, 'INVALID_PARAMETER_VALUE', error.message);
    if (error instanceof RequestRefused) return mlflowError(error.status, 'INVALID_PARAMETER_VALUE', error.message);
    if (isDomainError(error)) {
      const [status, code] = MLFLOW_CODE[error.code];
      return mlflowError(status, code, error.userMessage);
    }
    logServerError('MLflow API', error);
    return mlflowError(500, 'INTERNAL_ERROR', 'Something went wrong on the server. It has been logged; please try again.');
  }
}
