'use client';

import { useQuery } from '@tanstack/react-query';
import { Card } from '@/app/components/ui/card';
import { CopyButton } from '@/app/components/ui/copy-button';
import { JsonDetails } from '@/app/components/ui/json-details';
import { useTRPC } from '@/app/lib/trpc';
import { LineChart } from './line-chart';
import { isLive, type RunDetail } from './run-types';

const COLORS = ['#6366f1', '#f59e0b', '#10b981', '#ef4444', '#0ea5e9', '#a855f7'];
/** Metrics logged under one prefix ("train/loss", "dev_loss" …) share a chart when they share a suffix. */
function chartKey(key: string): string {
  return key.replace(/^(train|training|val|valid|validation|dev|eval|test)[/_.\s-]/i, '').toLowerCase();
}

/**
 * What an external run's script logged, by step. Self-reported: Holdout draws it as sent and never
 * ranks on it; the numbers that rank are the server's own, from the run's dev predictions.
 */
export function ExternalRunCurves({ run, teamId }: { run: RunDetail; teamId: string }) {
  const trpc = useTRPC();
  const logged = useQuery({ ...trpc.externalRun.loggedMetrics.queryOptions({ teamId, runId: run.id }), refetchInterval: isLive(run.status) ? 3000 : false });
  const series = logged.data ?? [];
  const groups = new Map<string, typeof series>();
  for (const s of series) groups.set(chartKey(s.key), [...(groups.get(chartKey(s.key)) ?? []), s]);
  const maxStep = Math.max(1, ...series.map((s) => s.steps[s.steps.length - 1] ?? 0));
  return (
    <Card title="Logged by the script" description="Self-reported: drawn as the script sent it, never ranked. The leaderboard ranks this run only on the dev predictions the server scored itself.">
      {logged.isLoading ? (
        <p className="text-sm text-slate-500">Loading logged metrics…</p>
      ) : series.length === 0 ? (
        <p className="text-sm text-slate-500">{isLive(run.status) ? 'Waiting for the script to log its first metrics…' : 'The script logged no metrics.'}</p>
      ) : (
        <div className="grid gap-6 xl:grid-cols-2">
          {[...groups.entries()].map(([name, members]) => (
            <LineChart
              key={name}
              title={members.length === 1 ? members[0]!.key : name}
              maxEpoch={maxStep}
              xLabel="step"
              series={members.map((s, i) => ({ name: s.key, color: COLORS[i % COLORS.length]!, points: s.steps.map((step, j) => [step, s.values[j]!] as [number, number]) }))}
            />
          ))}
        </div>
      )}
    </Card>
  );
}

/** Where an external run ran and what it was configured with, as its script said. */
export function ExternalRunDetails({ run }: { run: RunDetail }) {
  const params = run.params ?? {};
  const source = run.source ?? {};
  const json = JSON.stringify(params, null, 2);
  const entries = Object.entries(params);
  return (
    <Card title="Configuration (from the script)" actions={entries.length > 0 ? <CopyButton value={json} label="Copy as JSON" failedHint="Copying is blocked here: open “As JSON” and select it" /> : undefined}>
      <div className="grid gap-6 md:grid-cols-2">
        <div>
          <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Source</h3>
          <dl className="divide-y divide-slate-100">
            {Object.keys(source).length === 0 && <p className="py-1.5 text-sm text-slate-500">The script said nothing about where it ran.</p>}
            {Object.entries(source).map(([k, v]) => (
              <div key={k} className="flex items-baseline justify-between gap-4 py-1.5">
                <dt className="text-sm text-slate-500">{k}</dt>
                <dd className="truncate text-right font-mono text-sm text-slate-900" title={v}>
                  {v}
                </dd>
              </div>
            ))}
          </dl>
        </div>
        <div>
          <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Params</h3>
          <dl className="divide-y divide-slate-100">
            {entries.length === 0 && <p className="py-1.5 text-sm text-slate-500">No params logged.</p>}
            {entries.slice(0, 40).map(([k, v]) => (
              <div key={k} className="flex items-baseline justify-between gap-4 py-1.5">
                <dt className="text-sm text-slate-500">{k}</dt>
                <dd className="truncate text-right text-sm font-medium tabular-nums text-slate-900">{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
              </div>
            ))}
          </dl>
          {entries.length > 40 && <p className="mt-1 text-xs text-slate-500">and {entries.length - 40} more in the JSON below.</p>}
        </div>
      </div>
      {entries.length > 0 && <JsonDetails json={json} label="Params as JSON" />}
    </Card>
  );
}
