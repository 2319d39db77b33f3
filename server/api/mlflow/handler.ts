import 'server-only';
import { authenticateToken } from '@/server/domain/accounts/api-tokens';
import { isDomainError, type DomainErrorCode } from '@/server/shared/errors';
import { logServerError } from '@/server/shared/log';
import { apiRateLimiter } from '../http-v1/rate-limit';
import { RequestRefused } from '../request-guards';
import { artifacts } from './artifacts';
import { MlflowInput, type Context, type MlflowServices } from './context';
import { ROUTES } from './routes';

/**
 * The subset of MLflow's tracking REST API (2.0) that the official client calls for
 * set_experiment, start_run, log_param(s), log_metric(s), set_tag, end_run, get_run, search_runs
 * and log_artifact(s), so an unchanged MLflow script logs into Holdout with
 * MLFLOW_TRACKING_URI=<this app> and MLFLOW_TRACKING_TOKEN=<an API token>. An MLflow experiment is
 * a Holdout split (by name or id; Holdout never creates one from a name, since a split is frozen
 * from data); a run is an external run. What MLflow logs is self-reported, as for every external
 * run: it ranks only once dev predictions are sent through /api/v1.
 */


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
