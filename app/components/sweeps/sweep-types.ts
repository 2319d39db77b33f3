import type { RouterOutputs as Outputs } from '@/app/lib/router-types';

export type SweepDetail = Outputs['sweep']['get'];
export type SweepTrial = SweepDetail['trials'][number];
export type SweepCurves = Outputs['sweep']['curves'];
export type SweepSummary = Outputs['sweep']['list'][number];

/** Trials still training or waiting: the page follows them live. */
export { isActiveTrialStatus as isLiveTrial } from '@/db/schema/sweep-status';

/** "learningRate 0.0032 · units_1 24" — a configuration in one line. */
export function describeAssignment(assignment: Record<string, string | number | boolean>): string {
  return Object.entries(assignment)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k} ${formatParam(v)}`)
    .join(' · ');
}

export function formatParam(value: string | number | boolean): string {
  if (typeof value !== 'number') return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e4) ? value.toExponential(1) : String(Number.parseFloat(value.toPrecision(3)));
}

export function formatGoal(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(4);
}

/** A sweep's status as a badge colour, wherever a sweep is listed. */
export const SWEEP_STATUS_TONE = { running: 'indigo', paused: 'amber', completed: 'green', cancelled: 'neutral' } as const;

const TEXT_PARAMS: ReadonlySet<string> = new Set(['activation', 'initializer', 'optimizer']);

/**
 * A parameter value as a person types it: names for activation/initializer/optimizer, true/false,
 * "full" batches, else a number (NaN if it is not one, for the server to name the field).
 */
export function parseParamText(name: string, text: string): string | number | boolean {
  const t = text.trim();
  if (TEXT_PARAMS.has(name) || t === 'full') return t;
  if (t === 'true' || t === 'false') return t === 'true';
  return t === '' ? Number.NaN : Number(t);
}
