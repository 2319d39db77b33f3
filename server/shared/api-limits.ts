/**
 * Limits of the tRPC endpoint, shared with the client's batch link (app/lib/trpc.tsx) so the
 * pages never send what the server refuses. Plain constants: the client bundle imports them.
 */
export const TRPC_MAX_BATCH_SIZE = 20;
/** A compare of 1,000 runs sends ~40 KB of ids; a long Markdown comment far less than this. */
export const TRPC_MAX_BODY_BYTES = 1024 * 1024;
