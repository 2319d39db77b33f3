import 'server-only';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { memberships, teams } from '@/db/schema';
import { idSchema } from '@/server/shared/ids';
import { TEAM_ROLES, type Permission } from '@/server/shared/auth/permissions';
import { EXPORT_FORMATS, exportSplitPart, SPLIT_PARTS } from '@/server/domain/splits/export';
import { putArtifact, readArtifact } from '@/server/domain/runs/artifacts';
import { importLogs } from '@/server/domain/runs/log-import';
import { readLogFiles } from '../log-files';
import type { Database } from '@/db/client';
import type { BlobStore } from '@/server/shared/storage/blob-store';
import type { TokenIdentity } from '@/server/domain/accounts/api-tokens';

/**
 * The routes of the HTTP API (/api/v1), in one table that the handler dispatches on and the
 * OpenAPI document is generated from. Most routes call a tRPC procedure, so a script gets exactly
 * what the pages get: the same input and output schemas, the same authorization (the token's team
 * and role), the same errors. Raw routes are the ones JSON cannot carry: file downloads and uploads.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT';

interface RouteBase {
  method: HttpMethod;
  /** `{name}` is one path segment; `{name+}` the rest of the path. */
  path: string;
  summary: string;
  tag: string;
}

export interface ProcedureRoute extends RouteBase {
  kind: 'procedure';
  /** "externalRun.logMetrics": its input is path params + query (GET) or JSON body (POST); its output is the response. */
  procedure: string;
  /** GET query parameters, read from strings before the procedure's own validation. */
  query?: z.ZodObject;
}

export interface RawContext {
  db: Database;
  blobs: BlobStore;
  identity: TokenIdentity;
  request: Request;
}

export interface RawRoute extends RouteBase {
  kind: 'raw';
  /** Checked (with the token's scope) before `handle`. */
  permission: Permission;
  params: z.ZodObject;
  query?: z.ZodObject;
  requestBody?: { contentType: string; description: string };
  response: { contentType: string; description: string; schema?: z.ZodType };
  handle(ctx: RawContext, input: Record<string, unknown>): Promise<Response>;
}

export type ApiRoute = ProcedureRoute | RawRoute;

const teamParam = { teamId: idSchema('teamId') };
const runParams = z.object({ ...teamParam, runId: idSchema('runId') });
const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

const teamListSchema = z.array(z.object({ id: z.string(), slug: z.string(), name: z.string(), role: z.enum(TEAM_ROLES) }));

export const API_ROUTES: ApiRoute[] = [
  {
    kind: 'raw',
    method: 'GET',
    path: '/teams',
    summary: "The team this token belongs to, with the token's effective role (an API token reaches one team).",
    tag: 'Teams',
    permission: 'team.read',
    params: z.object({}),
    response: { contentType: 'application/json', description: 'One team.', schema: teamListSchema },
    async handle({ db, identity }) {
      const rows = await db
        .select({ id: teams.id, slug: teams.slug, name: teams.name })
        .from(teams)
        .innerJoin(memberships, and(eq(memberships.teamId, teams.id), eq(memberships.userId, identity.userId)))
        .where(eq(teams.id, identity.teamId));
      return Response.json(rows.map((t) => ({ ...t, role: identity.role })));
    },
  },
  { kind: 'procedure', method: 'GET', path: '/teams/{teamId}/datasets', procedure: 'dataset.list', summary: "The team's datasets.", tag: 'Data', query: z.object({ includeArchived: booleanQuery.optional() }) },
  {
    kind: 'procedure',
    method: 'GET',
    path: '/teams/{teamId}/splits',
    procedure: 'split.list',
    summary: "The team's frozen splits (optionally of one dataset).",
    tag: 'Data',
    query: z.object({ datasetId: z.string().optional(), includeArchived: booleanQuery.optional() }),
  },
  { kind: 'procedure', method: 'GET', path: '/teams/{teamId}/splits/{splitId}', procedure: 'split.get', summary: 'One split: its counts, hashes and guidance.', tag: 'Data' },
  {
    kind: 'raw',
    method: 'GET',
    path: '/teams/{teamId}/splits/{splitId}/data/{part}',
    summary:
      "A split's rows: train and dev with labels, test with features only (never labels). Rows in ascending dataset row order, the row index first; send predictions back in this order. CSV, or Arrow IPC (Feather v2) with ?format=arrow.",
    tag: 'Data',
    permission: 'team.read',
    params: z.object({ ...teamParam, splitId: idSchema('splitId'), part: z.enum(SPLIT_PARTS, { error: 'part: train, dev or test' }) }),
    query: z.object({ format: z.enum(EXPORT_FORMATS, { error: 'format: csv or arrow' }).default('csv') }),
    response: { contentType: 'text/csv', description: 'The rows (text/csv, or application/vnd.apache.arrow.file).' },
    async handle({ db, blobs }, input) {
      const file = await exportSplitPart(db, blobs, input.teamId as string, input.splitId as string, input.part as (typeof SPLIT_PARTS)[number], input.format as (typeof EXPORT_FORMATS)[number]);
      return new Response(new Uint8Array(file.body), {
        headers: { 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.fileName}"`, 'x-holdout-rows': String(file.rows) },
      });
    },
  },
  {
    kind: 'procedure',
    method: 'GET',
    path: '/teams/{teamId}/splits/{splitId}/leaderboard',
    procedure: 'leaderboard.get',
    summary: 'Every succeeded run on the split ranked on the dev metric, with intervals (built-in and server-scored external runs alike).',
    tag: 'Leaderboards',
    query: z.object({ metric: z.string().optional() }),
  },
  { kind: 'procedure', method: 'POST', path: '/teams/{teamId}/runs', procedure: 'externalRun.create', summary: 'Start an external run on a split (status running).', tag: 'Runs' },
  { kind: 'procedure', method: 'GET', path: '/teams/{teamId}/runs/{runId}', procedure: 'run.get', summary: 'One run, as its page shows it.', tag: 'Runs' },
  {
    kind: 'procedure',
    method: 'POST',
    path: '/teams/{teamId}/runs/{runId}/metrics',
    procedure: 'externalRun.logMetrics',
    summary: 'Log a batch of metric points by step. Idempotent: a retried batch adds nothing. Self-reported: never ranked.',
    tag: 'Runs',
  },
  { kind: 'procedure', method: 'GET', path: '/teams/{teamId}/runs/{runId}/metrics', procedure: 'externalRun.loggedMetrics', summary: 'Everything the run logged, one series per metric.', tag: 'Runs' },
  { kind: 'procedure', method: 'POST', path: '/teams/{teamId}/runs/{runId}/params', procedure: 'externalRun.logParams', summary: 'Log params (they join the run’s config; a param keeps its first value).', tag: 'Runs' },
  { kind: 'procedure', method: 'POST', path: '/teams/{teamId}/runs/{runId}/status', procedure: 'externalRun.finish', summary: 'End the run: succeeded, failed (with a reason) or cancelled.', tag: 'Runs' },
  {
    kind: 'procedure',
    method: 'POST',
    path: '/teams/{teamId}/runs/{runId}/dev-predictions',
    procedure: 'externalRun.submitDevPredictions',
    summary: "Submit one prediction per dev row; the server scores them (this is how an external run ranks).",
    tag: 'Runs',
  },
  {
    kind: 'procedure',
    method: 'POST',
    path: '/teams/{teamId}/runs/{runId}/test-evaluations',
    procedure: 'externalRun.submitTestPredictions',
    summary: "Submit one prediction per test row for the run's test evaluation: spends the sealed set's budget (the same predictions again spend nothing) and is audited.",
    tag: 'Runs',
  },
  {
    kind: 'raw',
    method: 'POST',
    path: '/teams/{teamId}/runs/{runId}/imports',
    summary:
      'Import Keras CSVLogger files or TensorBoard event files (TF2, tensorboardX, PyTorch) into the run’s logged metrics. ?preview=true answers which tags become which curves and stores nothing. Multipart "file" fields, or one file as the body with ?name=.',
    tag: 'Runs',
    permission: 'run.create',
    params: runParams,
    query: z.object({ preview: booleanQuery.default(false), format: z.string().optional(), name: z.string().optional() }),
    requestBody: { contentType: 'multipart/form-data', description: 'One or more log files as "file" fields.' },
    response: { contentType: 'application/json', description: 'The preview, and how many points were stored.' },
    async handle({ db, identity, request }, input) {
      const files = await readLogFiles(request);
      return Response.json(await importLogs(db, identity, input.teamId as string, { runId: input.runId as string, files, preview: input.preview as boolean }));
    },
  },
  { kind: 'procedure', method: 'GET', path: '/teams/{teamId}/runs/{runId}/artifacts', procedure: 'externalRun.artifacts', summary: "The run's artifacts.", tag: 'Artifacts' },
  {
    kind: 'raw',
    method: 'PUT',
    path: '/teams/{teamId}/runs/{runId}/artifacts/{path+}',
    summary: 'Upload (or replace) one artifact of an external run; the body is the file.',
    tag: 'Artifacts',
    permission: 'run.create',
    params: runParams.extend({ path: z.string() }),
    requestBody: { contentType: 'application/octet-stream', description: 'The file’s bytes (at most 64 MiB).' },
    response: {
      contentType: 'application/json',
      description: 'The stored artifact.',
      schema: z.object({ path: z.string(), sizeBytes: z.number(), contentType: z.string(), createdAt: z.string() }),
    },
    async handle({ db, blobs, identity, request }, input) {
      if (!request.body) return Response.json({ error: { code: 'BAD_REQUEST', message: 'body: send the file as the request body.' } }, { status: 400 });
      const artifact = await putArtifact(db, blobs, identity, input.teamId as string, {
        runId: input.runId as string,
        path: input.path as string,
        contentType: request.headers.get('content-type'),
        body: Readable.fromWeb(request.body as never),
      });
      return Response.json(artifact, { status: 201 });
    },
  },
  {
    kind: 'raw',
    method: 'GET',
    path: '/teams/{teamId}/runs/{runId}/artifacts/{path+}',
    summary: 'Download one artifact.',
    tag: 'Artifacts',
    permission: 'team.read',
    params: runParams.extend({ path: z.string() }),
    response: { contentType: 'application/octet-stream', description: 'The file, with the content type it was uploaded with.' },
    async handle({ db, blobs }, input) {
      const file = await readArtifact(db, blobs, input.teamId as string, input.runId as string, input.path as string);
      // A file someone uploaded: always a download, never rendered as a page of this origin.
      return new Response(new Uint8Array(file.body), {
        headers: { 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.fileName.replace(/"/g, '')}"`, 'x-content-type-options': 'nosniff' },
      });
    },
  },
];

/** Matches `pathname` (after /api/v1) against a route template; the params, or null. */
export function matchPath(template: string, pathname: string): Record<string, string> | null {
  const want = template.split('/').filter(Boolean);
  const got = pathname.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i]!;
    const greedy = /^\{(\w+)\+\}$/.exec(part);
    if (greedy) {
      if (i >= got.length) return null;
      params[greedy[1]!] = got.slice(i).map(decodeURIComponent).join('/');
      return params;
    }
    const value = got[i];
    if (value === undefined) return null;
    const param = /^\{(\w+)\}$/.exec(part);
    if (param) params[param[1]!] = decodeURIComponent(value);
    else if (part !== value) return null;
  }
  return got.length === want.length ? params : null;
}
