'use client';

import { PageError } from '@/app/components/ui/page-error';
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { can, mayChangeRun } from '@/server/shared/auth/permissions';
import { DiagnosisPanel } from '@/app/components/diagnosis/diagnosis-panel';
import { Card } from '@/app/components/ui/card';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { TestEvaluationCard } from '@/app/components/test-evaluations/test-evaluation-card';
import { RunDiscussion } from '@/app/components/collaboration/run-discussion';
import { RunReviewPanel } from '@/app/components/collaboration/run-review-panel';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { CancelRunButton } from './cancel-run-button';
import { describeFailureKind } from './failure-kind';
import { LearningCurves } from './learning-curves';
import { RunConfig } from './run-config';
import { RunHousekeeping } from './run-housekeeping';
import { ExternalRunCurves, ExternalRunDetails } from './external-run-panels';
import { RunHeader } from './run-header';
import { RunLog } from './run-log';
import { RunProgress } from './run-progress';
import { RunResults } from './run-results';
import { isLive, type RunDetail } from './run-types';
import { useRunWatch } from './use-run-watch';
import { StartSweepLink } from '@/app/components/sweeps/split-sweeps';

const LINK = 'rounded-md px-3 py-2 text-sm font-medium ring-1 ring-inset ring-slate-300 bg-white text-slate-800 shadow-sm hover:bg-slate-50';

export function RunPage({ runId }: { runId: string }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions());
  const { run, epochs, logs, error } = useRunWatch(team.id, runId);

  if (!run && error) return <PageError error={error} what="run" back={{ href: `/t/${team.slug}/runs`, label: 'Back to the runs' }} />;
  if (!run) return <p className="text-sm text-slate-500">Loading run…</p>;

  // The author or an admin, with a role that may launch runs: renames and cancels.
  const mayChange = can(team.role, 'run.create') && mayChangeRun({ userId: me.data?.id, role: team.role }, run.createdById);
  const mayCancel = isLive(run.status) && mayChange;
  const actions = (
    <>
      {run.hasWeights && (
        // A tfjs layers model is two files: the topology (model.json) and the weights it names (weights.bin).
        <span className="inline-flex items-center gap-1 rounded-md bg-white px-1 text-sm shadow-sm ring-1 ring-inset ring-slate-300">
          <span className="pl-2 text-slate-500">Download</span>
          <a href={`/api/teams/${team.id}/runs/${run.id}/weights/model.json`} download className="rounded px-2 py-2 font-medium text-slate-800 hover:bg-slate-50">
            model.json
          </a>
          <a href={`/api/teams/${team.id}/runs/${run.id}/weights/weights.bin`} download className="rounded px-2 py-2 font-medium text-slate-800 hover:bg-slate-50">
            weights.bin
          </a>
        </span>
      )}
      {/* An external run's config is the script's own JSON: there is nothing Holdout's trainer could clone. */}
      {can(team.role, 'run.create') && run.config && (
        <Link href={`/t/${team.slug}/splits/${run.splitId}/launch?from=${run.id}`} className={LINK}>
          Clone and edit
        </Link>
      )}
      {can(team.role, 'run.create') && run.config && <StartSweepLink splitId={run.splitId} fromRunId={run.id} label="Sweep from this run" />}
      {mayCancel && <CancelRunButton teamId={team.id} runId={run.id} requested={Boolean(run.cancelRequestedAt)} />}
      {mayChange && !isLive(run.status) && <RunHousekeeping run={run} teamId={team.id} slug={team.slug} />}
    </>
  );

  return (
    <div className="space-y-6">
      <RunHeader run={run} slug={team.slug} actions={actions} teamId={team.id} mayRename={mayChange} />
      {run.status === 'failed' && <FailurePanel run={run} />}
      {/* A dropped stream reconnects by itself; say so only while the page may be stale. */}
      {error && <p className="text-xs text-amber-700">Live updates interrupted ({errorMessage(error)}); reconnecting…</p>}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_19rem] lg:items-start">
        {run.origin === 'external' ? (
          <ExternalRunCurves run={run} teamId={team.id} />
        ) : (
          <Card title="Training">
            <div className="space-y-6">
              <RunProgress run={run} epochs={epochs} />
              <LearningCurves run={run} epochs={epochs} />
            </div>
          </Card>
        )}
        <RunReviewPanel runId={run.id} />
      </div>
      {(run.status === 'succeeded' || (run.status === 'cancelled' && run.epochsDone > 0)) && <RunResults run={run} />}
      {run.status === 'succeeded' && <TestEvaluationCard run={run} />}
      {run.status === 'succeeded' && <DiagnosisPanel teamId={team.id} runId={run.id} />}
      {run.config ? <RunConfig config={run.config} /> : <ExternalRunDetails run={run} />}
      <RunDiscussion runId={run.id} />
      <Card title="Log">
        <RunLog logs={logs} />
      </Card>
    </div>
  );
}

function FailurePanel({ run }: { run: RunDetail }) {
  return (
    <div role="alert" className="rounded-lg bg-red-50 px-5 py-4 ring-1 ring-red-200">
      <p className="text-sm font-semibold text-red-800">This run failed{run.failureKind ? `: ${describeFailureKind(run.failureKind)}` : ''}</p>
      <p className="mt-1 text-sm whitespace-pre-wrap text-red-700">{run.failureReason ?? 'No reason was recorded.'}</p>
    </div>
  );
}
