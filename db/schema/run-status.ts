/**
 * A run's states, in lifecycle order: `queued → running → succeeded | failed | cancelled`. The one
 * list: the database enum, the API's filters and the pages all take it from here. Plain data, so
 * the browser bundle can import it without the schema.
 */
export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const TERMINAL_RUN_STATUSES = ['succeeded', 'failed', 'cancelled'] as const satisfies readonly RunStatus[];

export function isRunStatus(value: string): value is RunStatus {
  return (RUN_STATUSES as readonly string[]).includes(value);
}

/** Who trains a run: Holdout's own trainer on a worker, or a script elsewhere reporting through the API. */
export const RUN_ORIGINS = ['trainer', 'external'] as const;
export type RunOrigin = (typeof RUN_ORIGINS)[number];
