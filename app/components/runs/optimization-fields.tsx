'use client';

import { Checkbox } from '@/app/components/ui/choice';
import { SelectField, TextField } from '@/app/components/ui/field';
import type { ConfigDraft } from './config-draft';
import type { DraftProps } from './architecture-fields';
import { FieldRow, FormSection } from './form-section';

/** What the per-epoch decay does to the rate, shown next to the field so nobody has to compute it. */
function decayHint(draft: ConfigDraft): string {
  const rate = Number(draft.learningRate);
  const decay = Number(draft.learningRateDecay);
  const epochs = Math.max(1, Math.round(Number(draft.epochs)) || 1);
  const base = 'rate × (1 − decay)^epoch';
  if (!(rate > 0) || !(decay > 0) || !(decay < 1)) return `${base}; 0 keeps the rate constant.`;
  const last = rate * (1 - decay) ** (epochs - 1);
  return `${base}: ${rate} at epoch 1, ${last.toPrecision(2)} at epoch ${epochs}.`;
}

export function OptimizationFields({ draft, set, errors }: DraftProps) {
  return (
    <FormSection title="Optimization" description="How the weights move: the optimizer, its step size, and how much data each step sees.">
      <FieldRow>
        <SelectField label="Optimizer" value={draft.optimizer} onChange={(e) => set({ optimizer: e.target.value as ConfigDraft['optimizer'] })}>
          <option value="sgd">SGD</option>
          <option value="momentum">SGD with momentum</option>
          <option value="rmsprop">RMSprop</option>
          <option value="adam">Adam</option>
        </SelectField>
        {draft.optimizer === 'momentum' && <TextField label="Momentum" inputMode="decimal" value={draft.momentum} error={errors['optimizer.momentum']} hint="Typical: 0.9" onChange={(e) => set({ momentum: e.target.value })} />}
        {draft.optimizer === 'rmsprop' && <TextField label="Rho" inputMode="decimal" value={draft.rho} error={errors['optimizer.rho']} hint="Decay of the squared-gradient average; typical 0.9" onChange={(e) => set({ rho: e.target.value })} />}
        {draft.optimizer === 'adam' && (
          <>
            <TextField label="Beta 1" inputMode="decimal" value={draft.beta1} error={errors['optimizer.beta1']} hint="Typical: 0.9" onChange={(e) => set({ beta1: e.target.value })} />
            <TextField label="Beta 2" inputMode="decimal" value={draft.beta2} error={errors['optimizer.beta2']} hint="Typical: 0.999" onChange={(e) => set({ beta2: e.target.value })} />
          </>
        )}
      </FieldRow>
      <FieldRow>
        <TextField label="Learning rate" inputMode="decimal" value={draft.learningRate} error={errors.learningRate} hint="Typical: 1e-4 … 1e-1" onChange={(e) => set({ learningRate: e.target.value })} />
        <div className="sm:col-span-2">
          <TextField label="Per-epoch decay" inputMode="decimal" value={draft.learningRateDecay} error={errors.learningRateDecay} hint={decayHint(draft)} onChange={(e) => set({ learningRateDecay: e.target.value })} />
        </div>
      </FieldRow>
      <FieldRow>
        <div className="space-y-2">
          <TextField label="Batch size" inputMode="numeric" value={draft.fullBatch ? 'full' : draft.batchSize} disabled={draft.fullBatch} error={errors.batchSize} onChange={(e) => set({ batchSize: e.target.value })} />
          <div className="text-sm">
            <Checkbox label="Full batch (every train row per step)" checked={draft.fullBatch} onChange={(e) => set({ fullBatch: e.target.checked })} />
          </div>
        </div>
        <TextField label="Epochs" inputMode="numeric" value={draft.epochs} error={errors.epochs} hint="An upper bound when early stopping is on" onChange={(e) => set({ epochs: e.target.value })} />
      </FieldRow>
    </FormSection>
  );
}
