import { useQuery } from '@tanstack/react-query';
import { Card } from '@/app/components/ui/card';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { useTRPC } from '@/app/lib/trpc';
import { formatCount, formatNumber, formatPercent } from '@/app/lib/format';
import { ConfusionMatrix } from './confusion-matrix';
import type { RunDetail } from './run-types';

function Metric({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="rounded-md bg-slate-50 px-4 py-3 ring-1 ring-slate-200">
      <dt className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="text-2xl font-semibold tabular-nums text-slate-900">{value}</dd>
      {note && <dd className="mt-0.5 text-xs text-slate-500">{note}</dd>}
    </div>
  );
}

const pct = (v: number | null) => (v === null ? '—' : formatPercent(v));

/** The numbers the run is judged by: the kept epoch's dev metrics, on the dev part only. */
export function RunResults({ run }: { run: RunDetail }) {
  const classification = run.taskKind === 'classification';
  // A cancelled run kept no weights: its numbers are its last reported epoch's.
  const kept = run.status === 'cancelled' ? `its last epoch (${run.epochsDone}) before it was cancelled` : run.bestEpoch ? `epoch ${run.bestEpoch}${run.config?.earlyStopping.restoreBest ? ' (best, restored)' : ''}` : undefined;
  const stopNote = run.status === 'cancelled' ? `cancelled after ${run.epochsDone} of ${run.epochsPlanned} epochs` : run.stoppedEarly ? `stopped early after ${run.epochsDone} of ${run.epochsPlanned} epochs` : `ran all ${run.epochsDone} epochs`;
  return (
    <Card title="Dev results" description={`On the ${formatCount(run.devCount)} dev rows of this split${kept ? `, from ${kept}` : ''}.`}>
      <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {classification ? (
          <>
            <Metric label="Dev accuracy" value={pct(run.devAccuracy)} note={run.trainAccuracy !== null ? `train ${pct(run.trainAccuracy)}` : undefined} />
            <Metric label="Dev macro F1" value={run.devMacroF1 === null ? '—' : formatNumber(run.devMacroF1)} />
          </>
        ) : (
          <>
            <Metric label="Dev RMSE" value={formatNumber(run.devRmse)} note={run.trainRmse !== null ? `train ${formatNumber(run.trainRmse)}` : undefined} />
            <Metric label="Dev MAE" value={formatNumber(run.devMae)} note={run.devR2 !== null ? `R² ${formatNumber(run.devR2)}` : undefined} />
          </>
        )}
        {run.origin === 'external' ? (
          // Scored here from predictions: no loss and no parameter count exist on the server's side.
          <Metric label="Scored by" value="the server" note={run.devAccuracy === null && run.devRmse === null ? 'no dev predictions sent yet' : `from ${formatCount(run.devCount)} dev predictions the script sent`} />
        ) : (
          <>
            <Metric label="Dev loss" value={formatNumber(run.devLoss)} note={run.trainLoss !== null ? `train ${formatNumber(run.trainLoss)}` : undefined} />
            <Metric label="Parameters" value={run.paramCount === null ? '—' : formatCount(run.paramCount)} note={run.bestEpoch ? `best epoch ${run.bestEpoch} · ${stopNote}` : stopNote} />
          </>
        )}
      </dl>
      <BaselineNote run={run} />
      {classification && run.confusionMatrix && (
        <div className="mt-5">
          <h3 className="mb-2 text-sm font-medium text-slate-800">Confusion matrix (dev)</h3>
          <ConfusionMatrix matrix={run.confusionMatrix} classes={run.classes} />
        </div>
      )}
    </Card>
  );
}

/**
 * What predicting a constant scores on the same dev rows, and how far this run is from it: a model
 * at or below it has learned nothing, whatever its accuracy sounds like.
 */
function BaselineNote({ run }: { run: RunDetail }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  // The diagnosis panel asks the same query: one request for both.
  const diagnosis = useQuery(trpc.leaderboard.diagnosis.queryOptions({ teamId: team.id, runId: run.id }));
  const baseline = diagnosis.data?.baseline;
  if (!baseline) return null;
  const below = diagnosis.data?.fit.verdict === 'worse-than-baseline';
  let text: string;
  if (baseline.kind === 'majority-class') {
    const gap = run.devAccuracy === null ? null : (run.devAccuracy - baseline.devAccuracy) * 100;
    text = `Baseline: predicting the majority class ‘${baseline.label}’ for every row scores ${pct(baseline.devAccuracy)} on these dev rows${gap === null ? '' : `; this run is ${Math.abs(gap).toFixed(1)} pp ${gap > 0 ? 'above' : 'below'} it`}.`;
  } else {
    text = `Baseline: predicting the train mean ${formatNumber(baseline.value)} for every row gives dev RMSE ${formatNumber(baseline.devRmse)}${baseline.devR2 === null ? '' : ` (R² ${formatNumber(baseline.devR2)})`}${run.devRmse === null ? '' : `; this run's is ${formatNumber(run.devRmse)}`}.`;
  }
  return (
    <p role={below ? 'alert' : undefined} className={`mt-3 text-sm ${below ? 'rounded-md bg-amber-50 px-3 py-2 text-amber-900 ring-1 ring-amber-200' : 'text-slate-600'}`}>
      {text}
      {below && ' It has not learned anything useful yet: see the diagnosis below.'}
    </p>
  );
}
