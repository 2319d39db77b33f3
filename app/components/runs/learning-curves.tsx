'use client';

import { formatPercent } from '@/app/lib/format';
import { LineChart, type Series } from './line-chart';
import { formatTick } from './nice-scale';
import { isLive, type RunDetail, type RunEpoch } from './run-types';

const TRAIN = '#6366f1';
const DEV = '#f59e0b';
const THIRD = '#10b981';

function line(epochs: RunEpoch[], name: string, color: string, pick: (e: RunEpoch) => number | null | undefined, dashed = false): Series {
  const points: [number, number][] = [];
  for (const e of epochs) {
    const v = pick(e);
    if (v !== null && v !== undefined && Number.isFinite(v)) points.push([e.epoch, v]);
  }
  return { name, color, points, dashed };
}

/** Loss and the task's metric per epoch, train against dev: the gap between them is the variance. */
export function LearningCurves({ run, epochs }: { run: RunDetail; epochs: RunEpoch[] }) {
  const markers = run.bestEpoch ? [{ epoch: run.bestEpoch, label: `best (${run.bestEpoch})` }] : [];
  const classification = run.taskKind === 'classification';
  const loss = [line(epochs, 'train', TRAIN, (e) => e.trainLoss), line(epochs, 'dev', DEV, (e) => e.devLoss)];
  const metric = classification
    ? [
        line(epochs, 'train accuracy', TRAIN, (e) => e.trainMetrics.accuracy),
        line(epochs, 'dev accuracy', DEV, (e) => e.devMetrics.accuracy),
        line(epochs, 'dev macro F1', THIRD, (e) => e.devMetrics.macroF1, true),
      ]
    : [
        line(epochs, 'train RMSE', TRAIN, (e) => e.trainMetrics.rmse),
        line(epochs, 'dev RMSE', DEV, (e) => e.devMetrics.rmse),
        line(epochs, 'dev MAE', THIRD, (e) => e.devMetrics.mae, true),
      ];
  // Human-level error bounds the avoidable bias: draw it where the metric can be compared to it.
  const human = run.humanLevelError;
  const references =
    human === null ? [] : classification ? [{ value: 1 - human, label: `human level ${formatPercent(1 - human)}` }] : [{ value: human, label: 'human level' }];
  // While training, the axis spans the planned epochs so it does not rescale with every epoch.
  const maxEpoch = isLive(run.status) ? run.epochsPlanned : Math.max(1, run.epochsDone);
  if (epochs.length === 0) {
    return <p className="py-10 text-center text-sm text-slate-500">The curves appear after the first epoch.</p>;
  }
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <LineChart title="Loss" series={loss} maxEpoch={maxEpoch} markers={markers} />
      <LineChart
        title={classification ? 'Accuracy and macro F1' : 'RMSE and MAE'}
        series={metric}
        maxEpoch={maxEpoch}
        markers={markers}
        references={references}
        format={classification ? (v) => `${formatTick(v * 100)}%` : undefined}
      />
    </div>
  );
}
