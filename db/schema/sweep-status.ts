/**
 * A sweep's and a trial's states. Plain data, so the pages can import them without the schema.
 * A sweep: `running ⇄ paused → completed | cancelled` (extending a completed sweep runs it again).
 * A trial: `pending` (proposed, no run yet) → `queued → running` (its run's states) →
 * `succeeded | stopped` (early-stopped by the sweep's rule) `| failed | cancelled`.
 */
export const SWEEP_STATUSES = ['running', 'paused', 'completed', 'cancelled'] as const;
export type SweepStatus = (typeof SWEEP_STATUSES)[number];

export const TRIAL_STATUSES = ['pending', 'queued', 'running', 'succeeded', 'stopped', 'failed', 'cancelled'] as const;
export type TrialStatus = (typeof TRIAL_STATUSES)[number];
export const ACTIVE_TRIAL_STATUSES = ['pending', 'queued', 'running'] as const satisfies readonly TrialStatus[];

/** Not ended yet: waiting for a run, queued, or training. */
export function isActiveTrialStatus(status: TrialStatus): boolean {
  return (ACTIVE_TRIAL_STATUSES as readonly TrialStatus[]).includes(status);
}

/** Where a trial came from: the sweep's strategy, a person adding one by hand, or "confirm the top k". */
export const TRIAL_SOURCES = ['strategy', 'manual', 'confirm'] as const;
export type TrialSource = (typeof TRIAL_SOURCES)[number];
