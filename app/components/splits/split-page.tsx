'use client';

import { PageError } from '@/app/components/ui/page-error';
import Link from 'next/link';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { RenameArchive } from '@/app/components/ui/rename-archive';
import { Card } from '@/app/components/ui/card';
import { StackedPartsBar } from '@/app/components/charts/stacked-bar';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { SplitTestEvaluations } from '@/app/components/test-evaluations/split-test-evaluations';
import { useTRPC } from '@/app/lib/trpc';
import { HumanLevelErrorCard } from './human-level-error-card';
import { LabelDistribution } from './label-distribution';
import { MismatchVerdict } from './mismatch-card';
import { SplitHeader } from './split-header';
import { LaunchRunButton } from '@/app/components/runs/launch-button';
import { TrainElsewhereCard } from './train-elsewhere-card';
import { SplitSweeps, StartSweepLink } from '@/app/components/sweeps/split-sweeps';

/** Rename and archive, for the split's creator or an admin. */
function SplitControls({ split }: { split: { id: string; name: string; archivedAt: Date | null; createdById: string | null } }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = { onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.split.pathKey() }) };
  const rename = useMutation(trpc.split.rename.mutationOptions(refresh));
  const archive = useMutation(trpc.split.setArchived.mutationOptions(refresh));
  return (
    <RenameArchive
      what="split"
      name={split.name}
      archived={split.archivedAt !== null}
      createdBy={split.createdById}
      permission="split.create"
      rename={{ ...rename, mutate: (name) => rename.mutate({ teamId: team.id, splitId: split.id, name }) }}
      setArchived={{ ...archive, mutate: (archived) => archive.mutate({ teamId: team.id, splitId: split.id, archived }) }}
    />
  );
}

export function SplitPage({ splitId }: { splitId: string }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const split = useQuery(trpc.split.get.queryOptions({ teamId: team.id, splitId }));
  if (split.isPending) return <p className="text-sm text-slate-500">Loading split…</p>;
  if (split.isError) return <PageError error={split.error} what="split" back={{ href: `/t/${team.slug}/datasets`, label: 'Back to the datasets' }} />;
  const s = split.data;
  const g = s.guidance;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <SplitHeader split={s} slug={team.slug} />
        <div className="flex flex-wrap items-center gap-2">
          <Link href={`/t/${team.slug}/runs?split=${s.id}`} className="rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
            Runs
          </Link>
          <Link href={`/t/${team.slug}/splits/${s.id}/leaderboard`} className="rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
            Leaderboard
          </Link>
          <SplitControls split={s} />
          <StartSweepLink splitId={s.id} />
          <LaunchRunButton splitId={s.id} />
        </div>
      </div>
      <SplitSweeps splitId={s.id} />
      <Card title="Rows per part">
        <StackedPartsBar counts={{ train: s.trainCount, dev: s.devCount, test: s.testCount }} />
      </Card>
      <Card
        title="How precisely dev and test can measure"
        description={
          s.taskKind === 'regression'
            ? 'Half-width of a 95% interval on the RMSE, as a share of its value (errors roughly normal).'
            : 'Half-width of a 95% interval on accuracy at the worst case (accuracy 50%).'
        }
      >
        <ul className="grid gap-3 sm:grid-cols-2">
          {g.precision.map((p) => (
            <li key={p.part} className="rounded-md bg-slate-50 px-4 py-3 ring-1 ring-slate-200">
              <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{p.part}</p>
              <p className="text-2xl font-semibold tabular-nums text-slate-900">
                {p.metric === 'rmse'
                  ? `±${(p.halfWidthWorstCase * 100).toFixed(p.halfWidthWorstCase < 0.01 ? 2 : 1)}%`
                  : `±${(p.halfWidthWorstCase * 100).toFixed(p.halfWidthWorstCase < 0.001 ? 3 : 1)} pts`}
              </p>
              <p className="mt-1 text-sm text-slate-600">{p.message}</p>
            </li>
          ))}
        </ul>
      </Card>
      <Card
        title="Do the parts come from the same distribution?"
        description="Population stability index (PSI, graded by how far it exceeds what chance alone reaches at these sizes) and a KS or χ² test per feature, and for the label between train and dev; test labels are sealed, so dev and test are compared on features."
      >
        <div className="space-y-3">
          <MismatchVerdict title="Dev vs test" comparison={g.devVsTest} open />
          <MismatchVerdict title="Train vs dev" comparison={g.trainVsDev} open={false} />
        </div>
      </Card>
      <Card
        title={s.taskKind === 'classification' ? 'Label distribution per part' : 'Target per part'}
        description={
          s.taskKind === 'classification'
            ? 'Train and dev only: test labels are sealed, so not even their counts per class are shown.'
            : 'Train and dev only: test labels are sealed, so no statistic of the test targets is shown.'
        }
      >
        <LabelDistribution parts={g.parts} taskKind={s.taskKind} />
      </Card>
      <HumanLevelErrorCard split={s} />
      <TrainElsewhereCard splitId={s.id} />
      <SplitTestEvaluations splitId={s.id} />
    </div>
  );
}
