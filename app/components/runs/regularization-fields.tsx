'use client';

import { EARLY_STOPPING_METRICS, HIGHER_IS_BETTER, METRIC_NAMES, METRICS_FOR_TASK, type EarlyStoppingMetric, type TaskKind } from '@/server/shared/runs/model-config';
import { Checkbox } from '@/app/components/ui/choice';
import { SelectField, TextField } from '@/app/components/ui/field';
import type { DraftProps } from './architecture-fields';
import { FieldRow, FormSection } from './form-section';


export function RegularizationFields({ draft, set, errors }: DraftProps) {
  return (
    <FormSection title="Regularization" description="Reduce variance: a gap between train and dev error means the network memorises the train rows.">
      <FieldRow>
        <TextField label="L2 penalty" inputMode="decimal" value={draft.l2} error={errors.l2} hint="l2 × Σ w² added to the loss; 0 turns it off" onChange={(e) => set({ l2: e.target.value })} />
        <div className="flex items-end pb-2 text-sm sm:col-span-2">
          <Checkbox label="Batch normalization after each hidden layer" checked={draft.batchNorm} onChange={(e) => set({ batchNorm: e.target.checked })} />
        </div>
      </FieldRow>
    </FormSection>
  );
}

export function EarlyStoppingFields({ draft, set, errors, taskKind }: DraftProps & { taskKind: TaskKind }) {
  // A cloned config may carry a metric of the other task kind: keep it listed so its error shows.
  const metrics = EARLY_STOPPING_METRICS.filter((m) => METRICS_FOR_TASK[taskKind].includes(m) || m === draft.earlyStoppingMetric);
  const direction = HIGHER_IS_BETTER.has(draft.earlyStoppingMetric) ? 'rise' : 'fall';
  return (
    <FormSection title="Early stopping" description="Stop when the dev metric stops improving, instead of guessing the right number of epochs.">
      <div className="text-sm">
        <Checkbox label="Stop early" checked={draft.earlyStoppingEnabled} onChange={(e) => set({ earlyStoppingEnabled: e.target.checked })} />
      </div>
      {draft.earlyStoppingEnabled && (
        <>
          <FieldRow>
            <SelectField label="Watch" value={draft.earlyStoppingMetric} error={errors['earlyStopping.metric']} onChange={(e) => set({ earlyStoppingMetric: e.target.value as EarlyStoppingMetric })}>
              {metrics.map((m) => (
                <option key={m} value={m}>{METRIC_NAMES[m]}</option>
              ))}
            </SelectField>
            <TextField label="Patience" inputMode="numeric" value={draft.patience} error={errors['earlyStopping.patience']} hint={`Epochs without a ${direction} before stopping`} onChange={(e) => set({ patience: e.target.value })} />
          </FieldRow>
          <div className="text-sm">
            <Checkbox label="Restore the best epoch’s weights at the end" checked={draft.restoreBest} onChange={(e) => set({ restoreBest: e.target.checked })} />
          </div>
        </>
      )}
    </FormSection>
  );
}

export function ReproducibilityFields({ draft, set, errors }: DraftProps) {
  return (
    <FormSection title="Seed and hardware" description="The same seed on the same split and backend reproduces the same run.">
      <FieldRow>
        <TextField label="Seed" inputMode="numeric" value={draft.seed} error={errors.seed} onChange={(e) => set({ seed: e.target.value })} />
        <div className="space-y-1 pt-7 text-sm sm:col-span-2">
          <Checkbox label="Needs a GPU" checked={draft.needsGpu} onChange={(e) => set({ needsGpu: e.target.checked })} />
          <p className="pl-6 text-xs text-slate-500">Waits for a GPU worker rather than training slowly on a CPU.</p>
        </div>
      </FieldRow>
    </FormSection>
  );
}
