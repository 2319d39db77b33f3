import 'server-only';
import { createDocument } from 'zod-openapi';
import { z } from 'zod';
import { appRouter } from '../root';
import { API_ROUTES, type ApiRoute } from './routes';

/**
 * The OpenAPI 3.1 document of /api/v1, generated (zod-openapi) from the route table and the very
 * zod schemas the procedures validate with: what the document says is what the server checks.
 */
interface ProcedureDef {
  _def: { inputs: z.ZodType[]; output?: z.ZodType };
}

function procedureOf(path: string): ProcedureDef {
  const procedure = (appRouter._def.procedures as unknown as Record<string, ProcedureDef>)[path];
  if (!procedure) throw new Error(`The API route table names a procedure that does not exist: ${path}`);
  return procedure;
}

/** The fields of a procedure's inputs (each an object, possibly with a default), merged. */
function inputShape(procedure: ProcedureDef): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (let schema of procedure._def.inputs) {
    while (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) schema = schema.unwrap() as z.ZodType;
    if (schema instanceof z.ZodObject) Object.assign(shape, schema.shape);
  }
  return shape;
}

function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\+?\}/g)].map((m) => m[1]!);
}

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), issues: z.array(z.object({ path: z.array(z.string()), message: z.string() })).optional() }) });
const errors = {
  400: { description: 'Bad input: the message names the field (and the row).', content: { 'application/json': { schema: errorSchema } } },
  401: { description: 'No token, or a revoked or unknown one.', content: { 'application/json': { schema: errorSchema } } },
  403: { description: "The token's role may not do this.", content: { 'application/json': { schema: errorSchema } } },
  404: { description: "Not found in the token's team (another team's ids are not found either).", content: { 'application/json': { schema: errorSchema } } },
  429: { description: 'Too many requests for this token, or the test budget is spent.', content: { 'application/json': { schema: errorSchema } } },
};

function operation(route: ApiRoute) {
  const names = pathParamNames(route.path);
  const operationId = `${route.method.toLowerCase()}${route.path.replace(/\{(\w+)\+?\}/g, 'By_$1').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`;
  if (route.kind === 'raw') {
    const pathShape = Object.fromEntries(names.map((n) => [n, (route.params.shape[n] as z.ZodType | undefined) ?? z.string()]));
    return {
      operationId,
      summary: route.summary,
      tags: [route.tag],
      requestParams: { path: z.object(pathShape), ...(route.query ? { query: route.query } : {}) },
      ...(route.requestBody ? { requestBody: { description: route.requestBody.description, content: { [route.requestBody.contentType]: { schema: z.string() } } } } : {}),
      responses: {
        200: { description: route.response.description, content: { [route.response.contentType]: { schema: route.response.schema ?? z.string() } } },
        ...errors,
      },
    };
  }
  const procedure = procedureOf(route.procedure);
  const shape = inputShape(procedure);
  const pathShape = Object.fromEntries(names.map((n) => [n, shape[n] ?? z.string()]));
  const rest = Object.fromEntries(Object.entries(shape).filter(([k]) => !names.includes(k)));
  const output = procedure._def.output ?? z.unknown();
  return {
    operationId,
    summary: route.summary,
    tags: [route.tag],
    requestParams: { path: z.object(pathShape), ...(route.method === 'GET' && route.query ? { query: route.query } : {}) },
    ...(route.method !== 'GET' ? { requestBody: { content: { 'application/json': { schema: z.object(rest) } } } } : {}),
    responses: { 200: { description: 'OK', content: { 'application/json': { schema: output } } }, ...errors },
  };
}

let cached: ReturnType<typeof createDocument> | null = null;

export function apiDocument(): ReturnType<typeof createDocument> {
  if (cached) return cached;
  const paths: Record<string, Record<string, ReturnType<typeof operation>>> = {};
  for (const route of API_ROUTES) {
    const key = route.path.replace(/\{(\w+)\+\}/g, '{$1}');
    (paths[key] ??= {})[route.method.toLowerCase()] = operation(route);
  }
  cached = createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Holdout API',
      version: '1',
      description:
        'Runs from anywhere: download a frozen split (test features only), report an external run, have the server score its dev predictions, and spend the test budget. Authenticate with "Authorization: Bearer <token>" (account page → API tokens).',
    },
    servers: [{ url: '/api/v1' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths: paths as never,
  });
  return cached;
}
