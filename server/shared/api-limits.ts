/**
 * Limits of the tRPC endpoint, shared with the client's batch link (app/lib/trpc.tsx) so the
 * pages never send what the server refuses. Plain constants: the client bundle imports them.
 */
export const TRPC_MAX_BATCH_SIZE = 20;
/** A compare of 1,000 runs sends ~40 KB of ids; a long Markdown comment far less than this. */
export const TRPC_MAX_BODY_BYTES = 1024 * 1024;

/** The HTTP API (/api/v1): one JSON body, and what one batch of metric points may hold. */
export const API_MAX_JSON_BYTES = 8 * 1024 * 1024;
export const API_MAX_POINTS_PER_BATCH = 10_000;
export const API_MAX_PREDICTION_ROWS = 1_000_000;
export const API_MAX_ARTIFACT_BYTES = 64 * 1024 * 1024;
export const API_MAX_ARTIFACTS_PER_RUN = 500;
/** Requests per token: a sustained rate and a burst (a token bucket per web process). */
export const API_RATE_PER_SECOND = 50;
export const API_RATE_BURST = 200;
