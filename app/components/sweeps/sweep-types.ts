import type { RouterOutputs as Outputs } from '@/app/lib/router-types';

export type SweepDetail = Outputs['sweep']['get'];
export type SweepTrial = SweepDetail['trials'][number];
export type SweepCurves = Outputs['sweep']['curves'];
export type SweepSummary = Outputs['sweep']['list'][number];

/** Trials still training or waiting: the page follows them live. */
export function isLiveTrial(status: SweepTrial['status']): boolean {
  return status === 'pending' || status === 'queued' || status === 'running';
}

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
