import Link from 'next/link';
import { Badge } from '@/app/components/ui/badge';
import { ExternalBadge } from './external-badge';
import type { ReactNode } from 'react';
import { CopyValue } from '@/app/components/ui/copy-button';
import { formatWhen, shortHash } from '@/app/lib/format';
import type { RunDetail } from './run-types';
import { RunName } from './run-name';
import { StatusBadge } from './status-badge';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-center gap-1.5">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-slate-800">{children}</dd>
    </div>
  );
}

/** Who ran what on which frozen data, and the hashes that make it reproducible. */
export function RunHeader({ run, slug, actions, teamId, mayRename }: { run: RunDetail; slug: string; actions: ReactNode; teamId: string; mayRename: boolean }) {
  const when = run.finishedAt ?? run.startedAt ?? run.createdAt;
  const whenLabel = run.finishedAt ? 'finished' : run.startedAt ? 'started' : 'queued';
  return (
    <div className="space-y-3">
      <Link href={`/t/${slug}/runs`} className="text-sm text-slate-500 hover:text-slate-800">
        ← Runs
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <div className="flex flex-wrap items-center gap-2">
            <h2 className="text-lg font-semibold text-slate-900">Run #{run.number}</h2>
            <RunName teamId={teamId} runId={run.id} name={run.name} namedByHand={run.namedByHand} mayRename={mayRename} />
            <StatusBadge status={run.status} cancelling={Boolean(run.cancelRequestedAt)} />
            {run.origin === 'external' && <ExternalBadge source={run.source} />}
            {run.archivedAt && <Badge tone="amber" title="Out of the runs table and the leaderboard; everything about it is kept.">archived</Badge>}
            {run.sweepId && (
              <Link href={`/t/${slug}/sweeps/${run.sweepId}`} className="text-sm text-slate-600 hover:text-indigo-700">
                trial {run.trialNumber} of sweep #{run.sweepNumber}
              </Link>
            )}
          </div>
          <p className="mt-1 text-sm text-slate-600">
            <Link href={`/t/${slug}/splits/${run.splitId}`} className="font-medium text-indigo-700 hover:underline">{run.splitName}</Link> of{' '}
            <Link href={`/t/${slug}/datasets/${run.datasetId}`} className="text-indigo-700 hover:underline">{run.datasetName} v{run.datasetVersion}</Link> · by{' '}
            {run.createdByName ?? 'a former member'} · {whenLabel} <time dateTime={when.toISOString()}>{formatWhen(when)}</time>
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">{actions}</div>
      </div>
      <dl className="flex flex-wrap gap-x-6 gap-y-2 text-xs">
        {run.origin === 'external' ? (
          <Fact label="Trained">elsewhere{run.source?.framework ? ` · ${run.source.framework}` : ''}{run.source?.gitCommit ? ` · ${run.source.gitCommit.slice(0, 10)}` : ''}</Fact>
        ) : (
          <>
            <Fact label="Backend">
              {run.backend ? `${run.backend}${run.device ? ` · ${run.device}` : ''}` : <span className="text-slate-400">not started</span>}
            </Fact>
            {run.workerName && <Fact label="Worker">{run.workerName}</Fact>}
            <Fact label="Seed"><span className="font-mono">{run.seed}</span></Fact>
          </>
        )}
        <Fact label="Data"><CopyValue value={run.datasetHash} label="dataset hash" shown={shortHash(run.datasetHash)} /></Fact>
        <Fact label="Split"><CopyValue value={run.splitHash} label="split hash" shown={shortHash(run.splitHash)} /></Fact>
        {run.weightsHash && <Fact label="Weights"><CopyValue value={run.weightsHash} label="weights hash" shown={shortHash(run.weightsHash)} /></Fact>}
      </dl>
    </div>
  );
}
