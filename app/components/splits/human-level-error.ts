import type { TaskKind } from '@/server/shared/datasets/types';

export const HUMAN_LEVEL_HELP =
  'The error a human expert, or the best known system, gets on this task; used for bias/variance diagnosis (avoidable bias = train error − this).';

/** '' means "not known"; otherwise a non-negative number, and an error rate for classification. */
export function parseHumanLevelError(text: string, taskKind: TaskKind): { value: number | null; error?: string } {
  if (text.trim() === '') return { value: null };
  const value = Number(text);
  if (!Number.isFinite(value)) return { value: null, error: 'Enter a number, or leave it empty' };
  if (value < 0) return { value: null, error: 'Human-level error is at least 0' };
  if (taskKind === 'classification' && value > 1) return { value: null, error: `An error rate between 0 and 1 for classification; 2% is 0.02` };
  return { value };
}
