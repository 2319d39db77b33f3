'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useDeferredValue, useState } from 'react';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { METRIC_NAMES, METRICS_FOR_TASK, type EarlyStoppingMetric, type ModelConfig } from '@/server/shared/runs/model-config';
import { SWEEP_PARAMS, type SweepParam } from '@/server/shared/sweeps/space';
import { can } from '@/server/shared/auth/permissions';
import { Button } from '@/app/components/ui/button';
import { Card } from '@/app/components/ui/card';
import { Checkbox, Radio } from '@/app/components/ui/choice';
import { CONTROL, FormError, SelectField, TextField } from '@/app/components/ui/field';
import { RunConfig } from '@/app/components/runs/run-config';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import type { RouterInputs } from '@/app/lib/router-types';
import { parseParamText } from './sweep-types';

type Definition = RouterInputs['sweep']['create']['definition'];
type Kind = 'categorical' | 'uniform' | 'logUniform' | 'int';

interface ParamDraft {
  key: number;
  name: SweepParam;
  kind: Kind;
  values: string;
  low: string;
  high: string;
  step: string;
  log: boolean;
}

/** Where a person usually starts for each parameter (a log range for rates and widths). */
const STARTING_POINTS: Record<SweepParam, Omit<ParamDraft, 'key' | 'name'>> = {
  learningRate: { kind: 'logUniform', values: '', low: '0.0001', high: '0.1', step: '', log: false },
  learningRateDecay: { kind: 'uniform', values: '', low: '0', high: '0.1', step: '', log: false },
  l2: { kind: 'logUniform', values: '', low: '0.000001', high: '0.01', step: '', log: false },
  dropout: { kind: 'uniform', values: '', low: '0', high: '0.5', step: '0.1', log: false },
  layers: { kind: 'int', values: '', low: '1', high: '3', step: '', log: false },
  units: { kind: 'int', values: '', low: '8', high: '128', step: '', log: true },
  activation: { kind: 'categorical', values: 'relu, tanh, elu', low: '', high: '', step: '', log: false },
  initializer: { kind: 'categorical', values: 'he, glorot', low: '', high: '', step: '', log: false },
  optimizer: { kind: 'categorical', values: 'adam, momentum, rmsprop', low: '', high: '', step: '', log: false },
  beta1: { kind: 'uniform', values: '', low: '0.8', high: '0.99', step: '', log: false },
  beta2: { kind: 'uniform', values: '', low: '0.99', high: '0.9999', step: '', log: false },
  momentum: { kind: 'uniform', values: '', low: '0.5', high: '0.99', step: '', log: false },
  rho: { kind: 'uniform', values: '', low: '0.8', high: '0.99', step: '', log: false },
  batchSize: { kind: 'categorical', values: '16, 32, 64', low: '', high: '', step: '', log: false },
  epochs: { kind: 'categorical', values: '10, 20', low: '', high: '', step: '', log: false },
  batchNorm: { kind: 'categorical', values: 'true, false', low: '', high: '', step: '', log: false },
};
const KIND_NAMES: Record<Kind, string> = { categorical: 'values', uniform: 'uniform', logUniform: 'log-uniform', int: 'integer' };

let nextKey = 1;
const param = (name: SweepParam): ParamDraft => ({ key: nextKey++, name, ...STARTING_POINTS[name] });

interface Draft {
  name: string;
  goal: EarlyStoppingMetric;
  strategy: Definition['strategy'];
  params: ParamDraft[];
  earlyStop: 'off' | 'asha' | 'median';
  gracePeriod: string;
  reductionFactor: string;
  minTrials: string;
  replicates: string;
  maxTrials: string;
  maxEpochs: string;
  concurrency: string;
  seed: string;
  warmStart: boolean;
}

function number(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/** The draft as the API's definition; what does not parse is sent as is, for the server to name. */
function definitionOf(d: Draft): Definition {
  const space: Record<string, unknown> = {};
  for (const p of d.params) {
    if (p.kind === 'categorical') space[p.name] = { kind: 'categorical', values: p.values.split(',').filter((v) => v.trim() !== '').map((v) => parseParamText(p.name, v)) };
    else if (p.kind === 'int') space[p.name] = { kind: 'int', low: number(p.low), high: number(p.high), ...(p.step ? { step: number(p.step) } : {}), ...(p.log ? { log: true } : {}) };
    else space[p.name] = { kind: p.kind, low: number(p.low), high: number(p.high), ...(p.kind === 'uniform' && p.step ? { step: number(p.step) } : {}) };
  }
  const earlyStop =
    d.earlyStop === 'asha'
      ? { kind: 'asha' as const, gracePeriod: number(d.gracePeriod), reductionFactor: number(d.reductionFactor) }
      : d.earlyStop === 'median'
        ? { kind: 'median' as const, gracePeriod: number(d.gracePeriod), minTrials: number(d.minTrials) }
        : { kind: 'off' as const };
  return {
    goal: d.goal,
    strategy: d.strategy,
    space: space as Definition['space'],
    earlyStop,
    replicates: number(d.replicates),
    budget: { maxTrials: number(d.maxTrials), maxEpochs: d.maxEpochs.trim() === '' ? null : number(d.maxEpochs), concurrency: number(d.concurrency) },
    seed: number(d.seed),
    warmStart: d.strategy === 'tpe' && d.warmStart,
  };
}

export function SweepForm({ splitId, fromRunId }: { splitId: string; fromRunId?: string }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const router = useRouter();
  const split = useQuery(trpc.split.get.queryOptions({ teamId: team.id, splitId }));
  const defaults = useQuery(trpc.run.defaults.queryOptions({ teamId: team.id, splitId }));
  const from = useQuery({ ...trpc.run.get.queryOptions({ teamId: team.id, runId: fromRunId ?? '' }), enabled: Boolean(fromRunId) });
  const [draft, setDraft] = useState<Draft>(() => ({
    name: 'learning rate × width',
    goal: 'devAccuracy',
    strategy: 'tpe',
    params: [param('learningRate'), param('units')],
    earlyStop: 'asha',
    gracePeriod: '2',
    reductionFactor: '3',
    minTrials: '3',
    replicates: '1',
    maxTrials: '20',
    maxEpochs: '',
    concurrency: '2',
    seed: '1',
    warmStart: false,
  }));
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const setParam = (key: number, patch: Partial<ParamDraft>) => setDraft((d) => ({ ...d, params: d.params.map((p) => (p.key === key ? { ...p, ...patch } : p)) }));

  const baseConfig: ModelConfig | undefined = (fromRunId ? from.data?.config : defaults.data?.config) ?? undefined;
  const taskKind = defaults.data?.taskKind;
  const goals = taskKind ? METRICS_FOR_TASK[taskKind] : [];
  const goal = goals.includes(draft.goal) ? draft.goal : (goals[1] ?? goals[0] ?? draft.goal);
  const definition = definitionOf({ ...draft, goal });
  const deferred = useDeferredValue(definition);
  const preview = useQuery({
    ...trpc.sweep.preview.queryOptions({ teamId: team.id, splitId, definition: deferred, baseConfig }, { retry: false }),
    enabled: Boolean(baseConfig),
    placeholderData: keepPreviousData,
  });
  const create = useMutation(
    trpc.sweep.create.mutationOptions({ onSuccess: ({ id }) => router.push(`/t/${team.slug}/sweeps/${id}`) }),
  );

  if (!can(team.role, 'run.create')) return <FormError message="Viewers can read sweeps but not start them; ask an admin for the member role." />;
  if (split.isError) return <FormError message={errorMessage(split.error)} />;
  const used = new Set(draft.params.map((p) => p.name));
  const unused = SWEEP_PARAMS.filter((p) => !used.has(p));
  const previewError = preview.isError && !preview.isFetching ? errorMessage(preview.error) : null;
  const p = preview.data?.preview;

  return (
    <form
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ teamId: team.id, splitId, name: draft.name, definition, baseConfig });
      }}
    >
      <div>
        <p className="text-sm text-slate-500">
          On <Link href={`/t/${team.slug}/splits/${splitId}`} className="font-medium text-indigo-700 hover:underline">{split.data?.name ?? 'the split'}</Link>
        </p>
        <h1 className="mt-1 text-2xl font-semibold text-slate-900">Start a sweep</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Many configurations trained on the same train split and compared on the same dev split; bad ones stop early. The test split is never touched: spend a test evaluation on the winner once you have settled on it.
        </p>
      </div>

      <Card title="What to optimise">
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField label="Name" value={draft.name} onChange={(e) => set({ name: e.target.value })} />
          <SelectField label="Goal (on the dev split)" value={goal} onChange={(e) => set({ goal: e.target.value as EarlyStoppingMetric })}>
            {goals.map((g) => <option key={g} value={g}>{METRIC_NAMES[g]}</option>)}
          </SelectField>
          <fieldset>
            <legend className="mb-1.5 text-sm font-medium text-slate-700">Strategy</legend>
            <div className="flex flex-wrap gap-x-4 gap-y-1">
              <Radio label="Grid" name="strategy" checked={draft.strategy === 'grid'} onChange={() => set({ strategy: 'grid' })} />
              <Radio label="Random" name="strategy" checked={draft.strategy === 'random'} onChange={() => set({ strategy: 'random' })} />
              <Radio label="TPE (adaptive)" name="strategy" checked={draft.strategy === 'tpe'} onChange={() => set({ strategy: 'tpe' })} />
            </div>
          </fieldset>
        </div>
        {draft.strategy === 'tpe' && (
          <div className="mt-3">
            <Checkbox label="Warm start from the runs already trained on this split (those whose config is a point of this space)" checked={draft.warmStart} onChange={(e) => set({ warmStart: e.target.checked })} />
          </div>
        )}
      </Card>

      <Card title="Search space" description="Every other field comes from the base config below. Log-uniform suits rates and L2; integer with log suits widths.">
        <div className="space-y-3">
          {draft.params.map((pd) => (
            <div key={pd.key} className="grid items-end gap-3 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200 sm:grid-cols-[10rem_9rem_1fr_auto]" data-testid={`param-${pd.name}`}>
              <SelectField label="Parameter" value={pd.name} onChange={(e) => setParam(pd.key, { name: e.target.value as SweepParam, ...STARTING_POINTS[e.target.value as SweepParam] })}>
                {[pd.name, ...unused].map((n) => <option key={n} value={n}>{n}</option>)}
              </SelectField>
              <SelectField label="Kind" value={pd.kind} onChange={(e) => setParam(pd.key, { kind: e.target.value as Kind })}>
                {(Object.keys(KIND_NAMES) as Kind[]).map((k) => <option key={k} value={k}>{KIND_NAMES[k]}</option>)}
              </SelectField>
              {pd.kind === 'categorical' ? (
                <TextField label="Values (comma-separated)" value={pd.values} onChange={(e) => setParam(pd.key, { values: e.target.value })} />
              ) : (
                <div className="grid grid-cols-3 items-end gap-3">
                  <TextField label="Low" inputMode="decimal" value={pd.low} onChange={(e) => setParam(pd.key, { low: e.target.value })} />
                  <TextField label="High" inputMode="decimal" value={pd.high} onChange={(e) => setParam(pd.key, { high: e.target.value })} />
                  {pd.kind === 'int' && pd.log ? (
                    <div className="pb-2"><Checkbox label="log scale" checked onChange={() => setParam(pd.key, { log: false })} /></div>
                  ) : pd.kind === 'logUniform' ? (
                    <span />
                  ) : (
                    <TextField label="Step (optional)" inputMode="decimal" value={pd.step} onChange={(e) => setParam(pd.key, { step: e.target.value })} />
                  )}
                </div>
              )}
              <div className="flex items-center gap-2 pb-1">
                {pd.kind === 'int' && !pd.log && <Checkbox label="log" checked={false} onChange={() => setParam(pd.key, { log: true, step: '' })} />}
                <Button type="button" variant="ghost" onClick={() => set({ params: draft.params.filter((x) => x.key !== pd.key) })} aria-label={`Remove ${pd.name}`}>Remove</Button>
              </div>
            </div>
          ))}
          {unused.length > 0 && (
            <label className="inline-flex items-center gap-2 text-sm text-slate-700">
              Add a parameter
              <select className={`${CONTROL} w-44`} value="" onChange={(e) => e.target.value && set({ params: [...draft.params, param(e.target.value as SweepParam)] })}>
                <option value="">choose…</option>
                {unused.map((n) => <option key={n} value={n}>{n}</option>)}
              </select>
            </label>
          )}
        </div>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Early stopping of bad trials" description="Judged on the goal at the end of epochs; a stopped trial keeps every epoch it trained and says why it stopped.">
          <div className="grid gap-4 sm:grid-cols-3">
            <SelectField label="Rule" value={draft.earlyStop} onChange={(e) => set({ earlyStop: e.target.value as Draft['earlyStop'] })}>
              <option value="asha">ASHA (successive halving)</option>
              <option value="median">Median stopping</option>
              <option value="off">Off</option>
            </SelectField>
            {draft.earlyStop !== 'off' && <TextField label="Grace period (epochs)" inputMode="numeric" value={draft.gracePeriod} onChange={(e) => set({ gracePeriod: e.target.value })} />}
            {draft.earlyStop === 'asha' && <TextField label="Reduction factor η" inputMode="numeric" value={draft.reductionFactor} onChange={(e) => set({ reductionFactor: e.target.value })} hint={`keeps the top 1/${draft.reductionFactor || 'η'} at each rung`} />}
            {draft.earlyStop === 'median' && <TextField label="Trials before judging" inputMode="numeric" value={draft.minTrials} onChange={(e) => set({ minTrials: e.target.value })} />}
          </div>
        </Card>
        <Card title="Budget" description="Seeds per configuration compare configurations on a mean with an interval, not one lucky seed.">
          <div className="grid gap-4 sm:grid-cols-3">
            <TextField label="Trials at most" inputMode="numeric" value={draft.maxTrials} onChange={(e) => set({ maxTrials: e.target.value })} />
            <TextField label="Epochs at most (blank: no cap)" inputMode="numeric" value={draft.maxEpochs} onChange={(e) => set({ maxEpochs: e.target.value })} />
            <TextField label="Trials at once" inputMode="numeric" value={draft.concurrency} onChange={(e) => set({ concurrency: e.target.value })} />
            <TextField label="Seeds per configuration" inputMode="numeric" value={draft.replicates} onChange={(e) => set({ replicates: e.target.value })} />
            <TextField label="Sampler seed" inputMode="numeric" value={draft.seed} onChange={(e) => set({ seed: e.target.value })} />
          </div>
        </Card>
      </div>

      <Card title="Base config" description={fromRunId ? `From run #${from.data?.number ?? '…'}: every trial starts from it.` : 'The defaults for this task; to start from a run of yours, open it and choose “Sweep from this run”.'}>
        {baseConfig ? <RunConfig config={baseConfig} /> : <p className="text-sm text-slate-500">Loading…</p>}
      </Card>

      <section className="sticky bottom-0 z-10 -mx-1 flex flex-wrap items-center justify-between gap-4 rounded-lg bg-white/95 px-5 py-4 shadow-md ring-1 ring-slate-200 backdrop-blur" aria-label="Budget preview">
        <div className="text-sm" data-testid="sweep-preview" aria-live="polite">
          {previewError ? (
            <p role="alert" className="font-medium text-red-700">{previewError}</p>
          ) : p ? (
            <p className="text-slate-700">
              {p.gridConfigurations !== null ? <><b className="tabular-nums">{p.gridConfigurations}</b> grid configurations × {draft.replicates} seed{draft.replicates === '1' ? '' : 's'} = </> : null}
              <b className="tabular-nums">{p.trials}</b> trials · {p.rungs.length ? <>rungs at epochs <b className="tabular-nums">{p.rungs.join(', ')}</b> · </> : null}at most <b className="tabular-nums">{p.epochsAtMost}</b> epochs
            </p>
          ) : (
            <p className="text-slate-500">Checking the definition…</p>
          )}
          {create.isError && <p role="alert" className="mt-1 font-medium text-red-700">{errorMessage(create.error)}</p>}
        </div>
        <Button type="submit" pending={create.isPending} disabled={!baseConfig || Boolean(previewError)}>Start the sweep</Button>
      </section>
    </form>
  );
}
