'use client';

import { GroupError, TextField } from '@/app/components/ui/field';
import { PRESETS, type FractionsText, type Part } from './split-definition';

/** Three fractions with one-click presets; the sum error sits under the trio it concerns. */
export function FractionsFields({ value, onChange, errors }: { value: FractionsText; onChange: (next: FractionsText) => void; errors: Record<string, string> }) {
  const active = PRESETS.find((p) => (['train', 'dev', 'test'] as const).every((k) => Number(p.fractions[k]) === Number(value[k])));
  return (
    <fieldset className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <legend className="text-sm font-medium text-slate-700">Fractions</legend>
        <div className="flex gap-1.5" role="group" aria-label="Fraction presets">
          {PRESETS.map((preset) => (
            <button
              key={preset.label}
              type="button"
              aria-pressed={active === preset}
              onClick={() => onChange(preset.fractions)}
              className={`rounded-md px-2 py-1 text-xs font-medium ring-1 ring-inset ${active === preset ? 'bg-indigo-600 text-white ring-indigo-600' : 'text-slate-600 ring-slate-300 hover:bg-slate-50'}`}
            >
              {preset.label}
            </button>
          ))}
        </div>
      </div>
      <div className="grid grid-cols-3 gap-3">
        {(['train', 'dev', 'test'] as Part[]).map((part) => (
          <TextField
            key={part}
            label={`${part[0]!.toUpperCase()}${part.slice(1)} fraction`}
            inputMode="decimal"
            value={value[part]}
            error={errors[part]}
            onChange={(e) => onChange({ ...value, [part]: e.target.value })}
          />
        ))}
      </div>
      <GroupError message={errors.fractions} />
    </fieldset>
  );
}
