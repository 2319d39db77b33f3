'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Card } from '@/app/components/ui/card';
import { FormError } from '@/app/components/ui/field';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { unpackCurves } from '@/app/lib/packed-curves';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { BASELINE_COLOR, curveMetrics, runColor, type CompareRun } from './compare-data';
import { ConfigDiff } from './config-diff';
import { loadUplot } from '@/app/components/charts/uplot';
import { CurveChart, type ChartRun } from './curve-chart';
import { Disagreements } from './disagreements';
import { HyperScatter, ParallelCoordinates } from './hyper-charts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `/t/[slug]/compare?runs=a,b,c&baseline=a`: learning curves overlaid, config diff with deltas
 * against the pinned baseline, hyperparameter charts and, for classification, dev disagreements.
 */
export function ComparePage() {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const runIds = useMemo(() => [...new Set((params.get('runs') ?? '').split(',').filter((id) => UUID.test(id)))], [params]);
  const [smoothing, setSmoothing] = useState(0);
  const [logScale, setLogScale] = useState(false);
  const [showTrain, setShowTrain] = useState(true);

  const curves = useQuery({
    ...trpc.run.compare.queryOptions({ teamId: team.id, runIds }),
    enabled: runIds.length > 0,
    staleTime: 60_000,
    select: unpackCurves,
  });
  const info = useQuery({
    ...trpc.run.list.queryOptions({ teamId: team.id, runIds, limit: Math.max(1, runIds.length) }),
    enabled: runIds.length > 0,
    staleTime: 60_000,
  });

  const runs = useMemo(() => {
    const byId = new Map((info.data?.items ?? []).map((r) => [r.id, r]));
    return runIds.map((id) => byId.get(id)).filter((r): r is CompareRun => Boolean(r));
  }, [info.data, runIds]);
  const requested = params.get('baseline');
  const baselineId = runs.some((r) => r.id === requested) ? requested! : (runs[0]?.id ?? '');
  const baseline = runs.find((r) => r.id === baselineId);
  const colors = useMemo(() => new Map(runs.map((r, i) => [r.id, r.id === baselineId ? BASELINE_COLOR : runColor(i, runs.length)])), [runs, baselineId]);

  const chartRuns = useMemo<ChartRun[]>(() => {
    const byId = new Map(runs.map((r) => [r.id, r]));
    // The baseline last, so it is drawn on top of everything else.
    return (curves.data ?? [])
      .filter((c) => byId.has(c.runId))
      .map((c) => ({ curves: c, color: colors.get(c.runId)!, label: `#${byId.get(c.runId)!.number}`, baseline: c.runId === baselineId }))
      .sort((a, b) => Number(a.baseline) - Number(b.baseline));
  }, [curves.data, runs, colors, baselineId]);
  const metrics = useMemo(() => curveMetrics(curves.data ?? []), [curves.data]);

  // Time to first full draw, from navigation start: the e2e measurement reads it off the page.
  const root = useRef<HTMLDivElement>(null);
  const drawn = useRef(new Set<string>());
  const onDrawn = useCallback(
    (name: string) => {
      drawn.current.add(name);
      const el = root.current;
      if (el && !el.dataset.drawnMs && metrics.length > 0 && metrics.every((m) => drawn.current.has(m.name))) {
        el.dataset.drawnMs = performance.now().toFixed(0);
      }
    },
    [metrics],
  );
  useEffect(() => {
    drawn.current = new Set();
  }, [metrics]);
  useEffect(() => void loadUplot(), []);
  const loaded = Boolean(curves.data && info.data);
  useEffect(() => {
    if (loaded && root.current && !root.current.dataset.dataMs) root.current.dataset.dataMs = performance.now().toFixed(0);
  }, [loaded]);

  const setBaseline = (id: string) => {
    const next = new URLSearchParams(params.toString());
    next.set('baseline', id);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };

  if (runIds.length === 0) {
    return (
      <Card title="Compare runs">
        <p className="text-sm text-slate-500">
          Tick runs in the{' '}
          <Link href={`/t/${team.slug}/runs`} className="text-indigo-700 hover:underline">
            runs table
          </Link>{' '}
          and press “Compare selected”.
        </p>
      </Card>
    );
  }
  const error = curves.error ?? info.error;

  return (
    <div ref={root} className="space-y-6" data-testid="compare-view" data-run-count={chartRuns.length}>
      <Card
        title={`Compare ${runIds.length} run${runIds.length === 1 ? '' : 's'}`}
        description={baseline ? <>Baseline: run #{baseline.number} (drawn in black; deltas are against it). Pin another in the table below.</> : undefined}
        actions={
          <Link href={`/t/${team.slug}/runs`} className="text-sm text-indigo-700 hover:underline">
            ← Runs
          </Link>
        }
      >
        {error && <FormError message={errorMessage(error)} />}
        <MixedSplitsNotice runs={runs} baselineId={baselineId} />
        <div className="mb-4 flex flex-wrap items-center gap-x-6 gap-y-2 text-sm text-slate-600">
          <label className="flex items-center gap-2">
            Smoothing
            <input type="range" min={0} max={0.99} step={0.01} value={smoothing} onChange={(e) => setSmoothing(Number(e.target.value))} aria-label="Smoothing (EMA weight)" />
            <span className="w-8 tabular-nums">{smoothing.toFixed(2)}</span>
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" className="size-4 rounded border-slate-300" checked={logScale} onChange={(e) => setLogScale(e.target.checked)} />
            Log scale
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" className="size-4 rounded border-slate-300" checked={showTrain} onChange={(e) => setShowTrain(e.target.checked)} />
            Train curves (dashed)
          </label>
          <RunLegend runs={runs} colors={colors} baselineId={baselineId} />
        </div>
        {curves.isPending || info.isPending ? (
          <p className="text-sm text-slate-500">Loading curves…</p>
        ) : (
          <div className="grid gap-4 lg:grid-cols-2">
            {metrics.map((m) => (
              <CurveChart key={m.name} metric={m} runs={chartRuns} smoothing={smoothing} logScale={logScale} showTrain={showTrain} onDrawn={onDrawn} />
            ))}
          </div>
        )}
      </Card>
      {runs.length > 0 && (
        <>
          <Card title="Configs and results" description="Cells that differ from the baseline are highlighted; metric deltas are green when better.">
            <ConfigDiff runs={runs} baselineId={baselineId} colors={colors} slug={team.slug} onBaseline={setBaseline} />
          </Card>
          {runs.length > 1 && (
            <div className="grid gap-6 xl:grid-cols-[3fr_2fr]">
              <Card title="Hyperparameters → dev metric" description="Parallel coordinates over the hyperparameters that vary; darker is better.">
                <ParallelCoordinates runs={runs} baselineId={baselineId} />
              </Card>
              <Card title="Scatter">
                <HyperScatter runs={runs} baselineId={baselineId} colors={colors} />
              </Card>
            </div>
          )}
          {baseline && baseline.taskKind === 'classification' && runs.length > 1 && (
            <Card title="Where they disagree" description="Dev rows on which the baseline and another run predict different classes.">
              <Disagreements teamId={team.id} baseline={baseline} others={runs.filter((r) => r.id !== baselineId)} />
            </Card>
          )}
        </>
      )}
    </div>
  );
}

/**
 * Runs on different splits (or datasets, or tasks) measure different things: say so, and which
 * runs each split holds. Deltas are then only shown against runs on the baseline's split.
 */
function MixedSplitsNotice({ runs, baselineId }: { runs: CompareRun[]; baselineId: string }) {
  const bySplit = new Map<string, CompareRun[]>();
  for (const r of runs) bySplit.set(r.splitId, [...(bySplit.get(r.splitId) ?? []), r]);
  if (bySplit.size < 2) return null;
  const baseline = runs.find((r) => r.id === baselineId);
  const tasks = new Set(runs.map((r) => r.taskKind));
  return (
    <div role="status" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
      <p>
        These runs were measured on {bySplit.size} different splits{tasks.size > 1 ? ' of both a classification and a regression task' : ''}: their numbers do not compare across splits, so deltas are shown only
        against runs on the baseline’s split{baseline ? ` (${baseline.splitName})` : ''}.
      </p>
      <ul className="mt-1 text-xs">
        {[...bySplit.values()].map((group) => (
          <li key={group[0]!.splitId}>
            <span className="font-medium">{group[0]!.splitName}</span> of {group[0]!.datasetName}: {group.map((r) => `#${r.number}`).join(', ')}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A compact key: up to 12 runs by colour; beyond that, the table below is the key. */
function RunLegend({ runs, colors, baselineId }: { runs: CompareRun[]; colors: Map<string, string>; baselineId: string }) {
  const shown = runs.length <= 12 ? runs : runs.filter((r) => r.id === baselineId);
  return (
    <ul className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs" aria-label="Runs">
      {shown.map((r) => (
        <li key={r.id} className="flex items-center gap-1">
          <span className="inline-block h-0.5 w-4" style={{ background: colors.get(r.id), height: r.id === baselineId ? 3 : 2 }} aria-hidden />#{r.number} <span className="text-slate-500">{r.name}</span>
          {r.id === baselineId && <span className="text-slate-400">(baseline)</span>}
        </li>
      ))}
      {runs.length > 12 && <li className="text-slate-400">+ {runs.length - 1} others, coloured as in the table</li>}
    </ul>
  );
}
