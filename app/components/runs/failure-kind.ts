import type { FailureKind } from '@/server/shared/runs/lifecycle';

/** Why a run failed, in words a teammate reads in a sentence ("failed: the loss became NaN"). */
const FAILURE_WORDS: Record<FailureKind, string> = {
  nan: 'the loss became NaN',
  oom: 'out of memory',
  backend: 'the compute backend failed',
  data: 'its training data could not be prepared',
  internal: 'an internal error',
  crashed: 'the trainer crashed',
  worker_lost: 'its worker stopped responding',
  restarted: 'Holdout restarted during training',
  external: 'its script reported a failure',
};

export function describeFailureKind(kind: string): string {
  return FAILURE_WORDS[kind as FailureKind] ?? kind.replace(/_/g, ' ');
}
