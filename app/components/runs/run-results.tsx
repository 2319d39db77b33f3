import { Card } from '@/app/components/ui/card';
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
  const kept = run.bestEpoch ? `epoch ${run.bestEpoch}${run.config.earlyStopping.restoreBest ? ' (best, restored)' : ''}` : undefined;
  const stopNote = run.stoppedEarly ? `stopped early after ${run.epochsDone} of ${run.epochsPlanned} epochs` : `ran all ${run.epochsDone} epochs`;
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
        <Metric label="Dev loss" value={formatNumber(run.devLoss)} note={run.trainLoss !== null ? `train ${formatNumber(run.trainLoss)}` : undefined} />
        <Metric label="Parameters" value={run.paramCount === null ? '—' : formatCount(run.paramCount)} note={run.bestEpoch ? `best epoch ${run.bestEpoch} · ${stopNote}` : stopNote} />
      </dl>
      {classification && run.confusionMatrix && (
        <div className="mt-5">
          <h3 className="mb-2 text-sm font-medium text-slate-800">Confusion matrix (dev)</h3>
          <ConfusionMatrix matrix={run.confusionMatrix} classes={run.classes} />
        </div>
      )}
    </Card>
  );
}
