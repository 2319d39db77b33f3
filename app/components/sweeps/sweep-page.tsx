'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { can, mayChangeRun } from '@/server/shared/auth/permissions';
import { Badge } from '@/app/components/ui/badge';
import { Button } from '@/app/components/ui/button';
import { Card } from '@/app/components/ui/card';
import { FormError } from '@/app/components/ui/field';
import { PageError } from '@/app/components/ui/page-error';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { useTeamRunChanges } from '@/app/components/runs/use-team-run-changes';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { BestSoFarChart, ImportanceBars, ParallelCoordinates, TrialCurvesChart } from './sweep-charts';
import { AddTrialForm } from './add-trial-form';
import { TrialsTable } from './trials-table';
import { describeAssignment, formatGoal, isLiveTrial, SWEEP_STATUS_TONE, type SweepDetail } from './sweep-types';

const STRATEGY_NAMES = { grid: 'grid', random: 'random search', tpe: 'TPE (adaptive)' } as const;

export function SweepPage({ sweepId }: { sweepId: string }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  // Trials are runs: the team's run changes (the same subscription as the runs pages) refresh this page.
  useTeamRunChanges(team.id);
  const me = useQuery(trpc.account.me.queryOptions());
  const sweep = useQuery(trpc.sweep.get.queryOptions({ teamId: team.id, sweepId }));
  const curves = useQuery(trpc.sweep.curves.queryOptions({ teamId: team.id, sweepId }));
  if (sweep.isPending) return <p className="text-sm text-slate-500">Loading sweep…</p>;
  if (sweep.isError) return <PageError error={sweep.error} what="sweep" back={{ href: `/t/${team.slug}`, label: 'Back to the team’s overview' }} />;
  const s = sweep.data;
  const mayControl = can(team.role, 'run.create') && mayChangeRun({ userId: me.data?.id, role: team.role }, s.createdById);
  return (
    <div className="space-y-6">
      <SweepHeader sweep={s} slug={team.slug} mayControl={mayControl} />
      <SweepProgress sweep={s} />
      <WinnerCard sweep={s} slug={team.slug} mayControl={mayControl} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Best so far" description={`${s.goalName} of each trial as it ended, and the best one that trained to the end.`}>
          <BestSoFarChart sweep={s} />
        </Card>
        <Card title="Trials’ dev curves" description={s.rungEpochs.length ? `ASHA judges trials at epochs ${s.rungEpochs.join(', ')}.` : `${s.goalName} by epoch.`}>
          <TrialCurvesChart sweep={s} curves={curves.data ?? []} />
        </Card>
      </div>
      <Card title="Parameters against the goal" description={`Each line is a trial, coloured from pale (worst) to indigo (best ${s.goalName}); dashed lines were stopped early.`}>
        <ParallelCoordinates sweep={s} />
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card
          title="Which parameters matter"
          description={`Share of the variance of ${s.goalName} each parameter explains on its own (η², numbers in up to 5 equal-count bins) over ${s.importance.trials} finished trial${s.importance.trials === 1 ? '' : 's'}. Interactions are not counted; with few trials, chance alone explains some.`}
        >
          <ImportanceBars importance={s.importance} />
        </Card>
        {s.definition.earlyStop.kind === 'asha' ? <RungLadder sweep={s} /> : <EarlyStopSummary sweep={s} />}
      </div>
      <Card title="Trials" description="Every trial is an ordinary run of the split: open it for its curves, config and reviews.">
        <TrialsTable sweep={s} slug={team.slug} />
      </Card>
      {mayControl && s.status !== 'cancelled' && (
        <Card title="Add a configuration by hand" description={`Trained on the sweep's ${s.definition.replicates} seed${s.definition.replicates === 1 ? '' : 's'}, outside the strategy's trial budget. Numbers, or values such as relu, adam, true; blank keeps the base config's value.`}>
          <AddTrialForm sweep={s} />
        </Card>
      )}
    </div>
  );
}

function SweepHeader({ sweep: s, slug, mayControl }: { sweep: SweepDetail; slug: string; mayControl: boolean }) {
  const es = s.definition.earlyStop;
  return (
    <div className="flex flex-wrap items-start justify-between gap-4">
      <div>
        <p className="text-sm text-slate-500">
          Sweep #{s.number} on <Link href={`/t/${slug}/splits/${s.splitId}`} className="font-medium text-indigo-700 hover:underline">{s.splitName}</Link>
          {s.createdByName && <> · by {s.createdByName}</>}
        </p>
        <h1 className="mt-1 flex items-center gap-3 text-2xl font-semibold text-slate-900">
          {s.name}
          <Badge tone={SWEEP_STATUS_TONE[s.status]}>
            {s.status === 'running' && <span className="mr-1 size-1.5 animate-pulse rounded-full bg-indigo-500" aria-hidden />}
            {s.status}
          </Badge>
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          {s.direction === 'maximize' ? 'Maximise' : 'Minimise'} {s.goalName} · {STRATEGY_NAMES[s.definition.strategy]} over {Object.keys(s.definition.space).join(', ')} ·{' '}
          {es.kind === 'asha' ? `ASHA (grace ${es.gracePeriod}, η = ${es.reductionFactor})` : es.kind === 'median' ? `median stopping (grace ${es.gracePeriod})` : 'no early stopping'} · {s.definition.replicates} seed{s.definition.replicates === 1 ? '' : 's'} per configuration
        </p>
      </div>
      {mayControl && <SweepControls sweep={s} />}
    </div>
  );
}

/** After a change the sweep's queries refetch at once (the run events follow too). */
function useRefetchSweep() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return { onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.sweep.pathKey() }) };
}

function SweepControls({ sweep: s }: { sweep: SweepDetail }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const refetch = useRefetchSweep();
  const ids = { teamId: team.id, sweepId: s.id };
  const pause = useMutation(trpc.sweep.pause.mutationOptions(refetch));
  const resume = useMutation(trpc.sweep.resume.mutationOptions(refetch));
  const cancel = useMutation(trpc.sweep.cancel.mutationOptions(refetch));
  const extend = useMutation(trpc.sweep.extend.mutationOptions(refetch));
  const error = [pause, resume, cancel, extend].find((m) => m.isError)?.error;
  if (s.status === 'cancelled') return null;
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap items-center gap-2">
        {s.status === 'running' && <Button variant="secondary" pending={pause.isPending} onClick={() => pause.mutate(ids)}>Pause</Button>}
        {s.status === 'paused' && <Button variant="secondary" pending={resume.isPending} onClick={() => resume.mutate(ids)}>Resume</Button>}
        <Button variant="secondary" pending={extend.isPending} disabled={s.maxTrials + 10 > 1000} onClick={() => extend.mutate({ ...ids, maxTrials: Math.min(1000, s.maxTrials + 10) })}>
          Extend by 10 trials
        </Button>
        {s.status !== 'completed' && <Button variant="danger" pending={cancel.isPending} onClick={() => cancel.mutate(ids)}>Cancel sweep</Button>}
      </div>
      {error && <p role="alert" className="text-xs text-red-600">{errorMessage(error)}</p>}
    </div>
  );
}

function SweepProgress({ sweep: s }: { sweep: SweepDetail }) {
  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const t of s.trials) c[t.status] = (c[t.status] ?? 0) + 1;
    return c;
  }, [s.trials]);
  const strategyTrials = s.trials.filter((t) => t.source === 'strategy').length;
  const share = Math.min(1, strategyTrials / s.maxTrials);
  const ended = s.trials.length - s.trials.filter((t) => isLiveTrial(t.status)).length;
  return (
    <section className="rounded-lg bg-white px-5 py-4 shadow-sm ring-1 ring-slate-200" aria-label="Progress">
      <div className="flex flex-wrap items-baseline justify-between gap-3 text-sm">
        <p className="text-slate-700">
          <b className="font-semibold tabular-nums text-slate-900">{ended}</b> of {s.trials.length} trial{s.trials.length === 1 ? '' : 's'} ended ·{' '}
          {['running', 'queued', 'pending', 'succeeded', 'stopped', 'failed', 'cancelled'].filter((k) => counts[k]).map((k) => `${counts[k]} ${k}`).join(', ') || 'none yet'}
        </p>
        <p className="text-slate-500 tabular-nums">
          trial budget {strategyTrials}/{s.maxTrials} · {s.epochsTrained} epochs trained{s.maxEpochs !== null ? ` of ${s.maxEpochs}` : ''} · {s.concurrency} at once
        </p>
      </div>
      <div role="progressbar" aria-label="Trial budget used" aria-valuemin={0} aria-valuemax={s.maxTrials} aria-valuenow={strategyTrials} className="mt-3 h-2 w-full overflow-hidden rounded-full bg-slate-200">
        <div className="h-full rounded-full bg-indigo-500 transition-[width] duration-500" style={{ width: `${share * 100}%` }} />
      </div>
      {s.endReason && <p className="mt-2 text-sm text-slate-600">{s.endReason}</p>}
    </section>
  );
}

function WinnerCard({ sweep: s, slug, mayControl }: { sweep: SweepDetail; slug: string; mayControl: boolean }) {
  const team = useCurrentTeam();
  const [seeds, setSeeds] = useState(3);
  const trpc = useTRPC();
  const confirm = useMutation(trpc.sweep.confirm.mutationOptions(useRefetchSweep()));
  const w = s.winner;
  const top = w.ranked[0];
  const runnerUp = w.ranked[1];
  const bestRun = top ? s.trials.filter((t) => t.configKey === top.configKey && t.status === 'succeeded' && t.runId).sort((a, b) => (s.direction === 'maximize' ? b.value! - a.value! : a.value! - b.value!))[0] : undefined;
  const confirming = s.trials.some((t) => t.source === 'confirm' && isLiveTrial(t.status));
  return (
    <Card
      title="The winner"
      description={`Ranked on the mean over each configuration's seeds; ${s.devLooks} dev evaluation${s.devLooks === 1 ? '' : 's'} spent by this sweep (each trial is one more look at the dev split).`}
      actions={
        mayControl && w.ranked.length >= 2 && s.status !== 'cancelled' ? (
          <div className="flex items-center gap-2">
            <label className="text-xs text-slate-600">
              on{' '}
              <select value={seeds} onChange={(e) => setSeeds(Number(e.target.value))} className="rounded border-0 py-0.5 text-xs ring-1 ring-slate-300" aria-label="Fresh seeds">
                {[2, 3, 5, 10].map((n) => <option key={n} value={n}>{n}</option>)}
              </select>{' '}
              fresh seeds
            </label>
            <Button variant="secondary" pending={confirm.isPending || confirming} onClick={() => confirm.mutate({ teamId: team.id, sweepId: s.id, top: 2, seeds })}>
              {confirming ? 'Confirming…' : 'Confirm the top 2'}
            </Button>
          </div>
        ) : undefined
      }
    >
      {confirm.isError && <FormError message={errorMessage(confirm.error)} />}
      <p className={`text-sm ${w.separated === false ? 'text-amber-800' : 'text-slate-800'}`} data-testid="winner-verdict">{w.verdict}</p>
      {top && (
        <div className="mt-4 grid gap-3 sm:grid-cols-2">
          <ConfigTile label="Winner" config={top} direction={s.direction} />
          {runnerUp && <ConfigTile label="Runner-up" config={runnerUp} direction={s.direction} />}
        </div>
      )}
      {bestRun && (
        <p className="mt-3 text-sm">
          <Link href={`/t/${slug}/runs/${bestRun.runId}`} className="font-medium text-indigo-700 hover:underline">Open the winner’s best run (#{bestRun.runNumber})</Link>
          <span className="text-slate-500"> — from there, request its test evaluation once you have settled on it.</span>
        </p>
      )}
      <p className="mt-1 text-sm text-slate-500">
        Many looks at one dev split make its best score optimistic:{' '}
        <Link href={`/t/${slug}/splits/${s.splitId}/leaderboard`} className="font-medium text-indigo-700 hover:underline">the leaderboard’s Ladder view</Link> shows which gains are larger than its noise.
      </p>
    </Card>
  );
}

function interval(m: { mean: number; lower: number | null; upper: number | null; n: number }): string {
  if (m.lower === null || m.upper === null) return `${formatGoal(m.mean)} (1 seed: no interval)`;
  return `${formatGoal(m.mean)} ± ${formatGoal((m.upper - m.lower) / 2)} (95% CI, ${m.n} seeds)`;
}

function ConfigTile({ label, config }: { label: string; config: SweepDetail['winner']['ranked'][number]; direction: 'maximize' | 'minimize' }) {
  return (
    <div className="rounded-md bg-slate-50 px-4 py-3 ring-1 ring-slate-200">
      <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{label}</p>
      <p className="mt-1 font-mono text-xs text-slate-800">{describeAssignment(config.assignment)}</p>
      <p className="mt-2 text-sm tabular-nums text-slate-900">sweep seeds: {interval(config.sweep)}</p>
      {config.confirm && <p className="text-sm tabular-nums text-indigo-800">fresh seeds: {interval(config.confirm)}</p>}
    </div>
  );
}

function RungLadder({ sweep: s }: { sweep: SweepDetail }) {
  const es = s.definition.earlyStop;
  const byRung = s.rungEpochs.map((epoch) => {
    const rows = s.rungs.filter((r) => r.rung === epoch);
    const promoted = rows.filter((r) => r.promoted).length;
    const last = rows.filter((r) => r.threshold !== null).at(-1);
    return { epoch, reached: rows.length, promoted, threshold: last?.threshold ?? null };
  });
  return (
    <Card
      title="ASHA’s rungs"
      description={es.kind === 'asha' ? `At each rung a trial goes on only if it is in the top 1/${es.reductionFactor} of the trials that reached the rung before it (Li et al. 2020, asynchronous successive halving).` : undefined}
    >
      <table className="w-full text-sm" data-testid="rung-ladder">
        <thead>
          <tr className="text-left text-xs text-slate-500">
            <th className="py-1 font-medium">Rung</th>
            <th className="py-1 font-medium">Epoch</th>
            <th className="py-1 text-right font-medium">Reached</th>
            <th className="py-1 text-right font-medium">Went on</th>
            <th className="py-1 text-right font-medium">Latest threshold</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 tabular-nums">
          {byRung.map((r, i) => (
            <tr key={r.epoch}>
              <td className="py-1.5">{i + 1}</td>
              <td className="py-1.5">{r.epoch}</td>
              <td className="py-1.5 text-right">{r.reached}</td>
              <td className="py-1.5 text-right">{r.promoted}</td>
              <td className="py-1.5 text-right">{formatGoal(r.threshold)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

function EarlyStopSummary({ sweep: s }: { sweep: SweepDetail }) {
  const stopped = s.trials.filter((t) => t.status === 'stopped');
  const es = s.definition.earlyStop;
  return (
    <Card title="Early stopping" description={es.kind === 'median' ? `The median rule: from epoch ${es.gracePeriod}, a trial whose best value is worse than the median of the other trials' running averages stops.` : 'Off: every trial trains to its last epoch (or its own patience).'}>
      <p className="text-sm text-slate-700">{stopped.length} trial{stopped.length === 1 ? '' : 's'} stopped early.</p>
    </Card>
  );
}
