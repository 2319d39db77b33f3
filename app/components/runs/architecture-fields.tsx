'use client';

import { ACTIVATIONS } from '@/server/shared/runs/model-config';
import { Button } from '@/app/components/ui/button';
import { SelectField, TextField } from '@/app/components/ui/field';
import { newLayerKey, type ConfigDraft, type FieldErrors, type LayerDraft } from './config-draft';
import { FieldRow, FormSection } from './form-section';

export interface DraftProps {
  draft: ConfigDraft;
  set: (patch: Partial<ConfigDraft>) => void;
  errors: FieldErrors;
}

const ACTIVATION_NAMES: Record<string, string> = { relu: 'ReLU', leakyRelu: 'Leaky ReLU', tanh: 'tanh', sigmoid: 'sigmoid', elu: 'ELU', selu: 'SELU' };
const CELL = 'w-full rounded-md border-0 bg-white px-2 py-1.5 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:ring-red-500';

export function ArchitectureFields({ draft, set, errors, outputLabel }: DraftProps & { outputLabel: string }) {
  const layers = draft.hiddenLayers;
  const update = (index: number, patch: Partial<LayerDraft>) => set({ hiddenLayers: layers.map((l, i) => (i === index ? { ...l, ...patch } : l)) });
  const last = layers.at(-1);
  return (
    <FormSection title="Architecture" description={<>A fully connected network. 0 hidden layers = logistic/softmax regression.</>}>
      <div>
        <p className="mb-1.5 text-sm font-medium text-slate-700">Hidden layers</p>
        {layers.length === 0 ? (
          <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600 ring-1 ring-slate-200">
            No hidden layers: the inputs connect straight to the {outputLabel} (logistic/softmax regression).
          </p>
        ) : (
          <table className="w-full max-w-xl text-sm">
            <thead>
              <tr className="text-left text-xs text-slate-500">
                <th className="w-10 pb-1 font-medium">#</th>
                <th className="w-28 pb-1 font-medium">Units</th>
                <th className="pb-1 pl-2 font-medium">Activation</th>
                <th className="w-24 pb-1 pl-2 font-medium">Dropout</th>
                <th className="w-16" />
              </tr>
            </thead>
            <tbody>
              {layers.map((layer, i) => {
                const unitsError = errors[`hiddenLayers.${i}.units`];
                const dropoutError = errors[`hiddenLayers.${i}.dropout`];
                return (
                  <tr key={layer.key} className="align-top">
                    <td className="py-1 text-slate-500 tabular-nums">{i + 1}</td>
                    <td className="py-1">
                      <input aria-label={`Units of layer ${i + 1}`} inputMode="numeric" value={layer.units} aria-invalid={unitsError ? true : undefined} onChange={(e) => update(i, { units: e.target.value })} className={CELL} />
                      {unitsError && <p role="alert" className="mt-1 text-xs font-medium text-red-600">{unitsError}</p>}
                    </td>
                    <td className="py-1 pl-2">
                      <select aria-label={`Activation of layer ${i + 1}`} value={layer.activation} onChange={(e) => update(i, { activation: e.target.value as LayerDraft['activation'] })} className={CELL}>
                        {ACTIVATIONS.map((a) => (
                          <option key={a} value={a}>{ACTIVATION_NAMES[a]}</option>
                        ))}
                      </select>
                    </td>
                    <td className="py-1 pl-2">
                      <input aria-label={`Dropout of layer ${i + 1}`} inputMode="decimal" value={layer.dropout} aria-invalid={dropoutError ? true : undefined} onChange={(e) => update(i, { dropout: e.target.value })} className={CELL} />
                      {dropoutError && <p role="alert" className="mt-1 text-xs font-medium text-red-600">{dropoutError}</p>}
                    </td>
                    <td className="py-1 pl-2 text-right">
                      <Button type="button" variant="ghost" className="px-2 py-1 text-xs" aria-label={`Remove layer ${i + 1}`} onClick={() => set({ hiddenLayers: layers.filter((_, j) => j !== i) })}>
                        Remove
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {errors.hiddenLayers && <p role="alert" className="mt-1 text-xs font-medium text-red-600">{errors.hiddenLayers}</p>}
        <Button
          type="button"
          variant="secondary"
          className="mt-2 px-2.5 py-1 text-xs"
          // A new layer copies the last one, the usual way a network is deepened.
          onClick={() => set({ hiddenLayers: [...layers, { key: newLayerKey(), units: last?.units ?? '32', activation: last?.activation ?? 'relu', dropout: last?.dropout ?? '0' }] })}
        >
          Add a layer
        </Button>
      </div>
      <FieldRow>
        <SelectField label="Initializer" value={draft.initializer} onChange={(e) => set({ initializer: e.target.value as ConfigDraft['initializer'] })}>
          <option value="he">He (suits ReLU)</option>
          <option value="glorot">Glorot (suits tanh, sigmoid)</option>
          <option value="randomNormal">Random normal</option>
        </SelectField>
        {draft.initializer === 'randomNormal' && (
          <TextField label="Standard deviation" inputMode="decimal" value={draft.stddev} error={errors['initializer.stddev']} onChange={(e) => set({ stddev: e.target.value })} />
        )}
      </FieldRow>
    </FormSection>
  );
}
