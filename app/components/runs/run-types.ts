import type { RouterOutputs } from '@/app/lib/router-types';

/** Run shapes as the API returns them, so components type their props from the API itself. */
export type RunSummary = RouterOutputs['run']['list']['items'][number];
export type RunDetail = RouterOutputs['run']['get'];
export type RunEpoch = RouterOutputs['run']['epochs'][number];
export type RunLogLine = RouterOutputs['run']['logs'][number];
export type WorkerRow = RouterOutputs['run']['workers'][number];
export { isRunStatus, RUN_STATUSES, type RunStatus } from '@/server/shared/runs/run-status';
import type { RunStatus } from '@/server/shared/runs/run-status';

export function isLive(status: RunStatus): boolean {
  return status === 'queued' || status === 'running';
}
