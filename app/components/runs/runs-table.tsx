import Link from 'next/link';
import { formatNumber, formatPercent, formatWhen } from '@/app/lib/format';
import { EpochProgress } from './progress-bar';
import type { RunSummary } from './run-types';
import { StatusBadge } from './status-badge';

const TH = 'px-3 py-2 text-left text-xs font-medium text-slate-500';

/** Accuracy for classification, RMSE for regression: the headline dev number of each run. */
function devMetric(run: RunSummary): { value: string; label: string } {
  if (run.taskKind === 'classification') return { value: run.devAccuracy === null ? '—' : formatPercent(run.devAccuracy), label: 'accuracy' };
  return { value: formatNumber(run.devRmse), label: 'RMSE' };
}

export function RunsTable({ runs, slug }: { runs: RunSummary[]; slug: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[860px] text-sm">
        <thead className="border-b border-slate-200">
          <tr>
            <th className={TH}>Run</th>
            <th className={TH}>Status</th>
            <th className={TH}>Split</th>
            <th className={TH}>Who</th>
            <th className={`${TH} text-right`}>Dev</th>
            <th className={`${TH} w-36`}>Epochs</th>
            <th className={TH}>Backend</th>
            <th className={TH}>Started · finished</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {runs.map((run) => {
            const metric = devMetric(run);
            return (
              <tr key={run.id} className="hover:bg-slate-50">
                <td className="px-3 py-2.5">
                  <Link href={`/t/${slug}/runs/${run.id}`} className="font-medium text-indigo-700 tabular-nums hover:underline">#{run.number}</Link>
                </td>
                <td className="px-3 py-2.5"><StatusBadge status={run.status} /></td>
                <td className="max-w-56 truncate px-3 py-2.5 text-slate-700" title={`${run.splitName} · ${run.datasetName}`}>
                  <Link href={`/t/${slug}/splits/${run.splitId}`} className="hover:underline">{run.splitName}</Link>
                  <span className="text-slate-400"> · {run.datasetName}</span>
                </td>
                <td className="px-3 py-2.5 text-slate-700">{run.createdByName ?? '—'}</td>
                <td className="px-3 py-2.5 text-right tabular-nums" title={`dev ${metric.label}`}>
                  <span className="font-medium text-slate-900">{metric.value}</span> <span className="text-xs text-slate-400">{metric.label}</span>
                </td>
                <td className="px-3 py-2.5">
                  <div className="text-xs text-slate-600 tabular-nums">{run.epochsDone} / {run.epochsPlanned}</div>
                  <EpochProgress done={run.epochsDone} planned={run.status === 'succeeded' ? run.epochsDone : run.epochsPlanned} />
                </td>
                <td className="px-3 py-2.5 text-xs text-slate-600">{run.backend ?? <span className="text-slate-400">{run.pool} pool</span>}</td>
                <td className="px-3 py-2.5 text-xs whitespace-nowrap text-slate-600">
                  {run.startedAt ? formatWhen(run.startedAt) : <span className="text-slate-400">not started</span>}
                  {run.finishedAt && <span className="block text-slate-400">{formatWhen(run.finishedAt)}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
