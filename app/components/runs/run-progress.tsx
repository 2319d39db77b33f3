import { formatDuration } from '@/app/lib/relative-time';
import { EpochProgress } from './progress-bar';
import type { RunDetail, RunEpoch } from './run-types';

/** Mean of the last few epochs: the first ones include warm-up (graph compilation, caches). */
function timeLeftMs(run: RunDetail, epochs: RunEpoch[]): number | null {
  const recent = epochs.slice(-5);
  if (run.status !== 'running' || recent.length === 0) return null;
  const mean = recent.reduce((sum, e) => sum + e.epochMs, 0) / recent.length;
  return mean * Math.max(0, run.epochsPlanned - run.epochsDone);
}

export function RunProgress({ run, epochs }: { run: RunDetail; epochs: RunEpoch[] }) {
  const left = timeLeftMs(run, epochs);
  const early = run.config?.earlyStopping.enabled ?? false;
  let note: string;
  if (run.status === 'queued') note = `Waiting for a ${run.pool === 'gpu' ? 'GPU' : 'CPU'} worker`;
  else if (left !== null) note = `about ${formatDuration(left)} left${early ? ' at most (early stopping may end it sooner)' : ''}`;
  else if (run.status === 'cancelled') note = `cancelled after ${run.epochsDone} epochs; the epochs so far are kept`;
  else if (run.trainingMs !== null) note = `trained in ${formatDuration(run.trainingMs)}`;
  else note = '';
  return (
    <div className="space-y-1.5">
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span className="text-slate-700">
          <span className="font-semibold tabular-nums text-slate-900">{run.epochsDone}</span> / {run.epochsPlanned} epochs
          {run.stoppedEarly && <span className="text-slate-500"> · stopped early</span>}
        </span>
        <span className="text-xs text-slate-500">{note}</span>
      </div>
      <EpochProgress done={run.epochsDone} planned={run.status === 'succeeded' ? run.epochsDone : run.epochsPlanned} thick />
    </div>
  );
}
