'use client';

import { useRouter } from 'next/navigation';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { generatedExampleInput } from '@/server/shared/examples/generators';
import type { ShippedExampleKey } from '@/server/domain/examples/shipped';
import { Button } from '@/app/components/ui/button';
import { FormError, TextField } from '@/app/components/ui/field';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { errorMessage, useTRPC, issuesByField } from '@/app/lib/trpc';

type GeneratedKind = 'flower' | 'moons' | 'circles' | 'spirals';
// dataset.examples lists keys as plain strings; they are exactly the shipped keys.
type ShippedKey = ShippedExampleKey;
const DEFAULTS = { rows: '1000', noise: '0.2', seed: '0', classes: '3' };

/** One click to a registered dataset: generated 2-D problems with their knobs, or small real ones. */
export function ExamplesCard() {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const examples = useQuery(trpc.dataset.examples.queryOptions({ teamId: team.id }));
  const [params, setParams] = useState(DEFAULTS);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [adding, setAdding] = useState<string | null>(null);
  const add = useMutation(
    trpc.dataset.addExample.mutationOptions({
      onSuccess: async ({ datasetId }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.dataset.list.queryKey() });
        router.push(`/t/${team.slug}/datasets/${datasetId}`);
      },
      onSettled: () => setAdding(null),
    }),
  );

  function addGenerated(kind: GeneratedKind) {
    const parsed = generatedExampleInput.safeParse({ kind, rows: Number(params.rows), noise: Number(params.noise), seed: Number(params.seed), classes: Number(params.classes) });
    if (!parsed.success) {
      setErrors(issuesByField(parsed.error));
      return;
    }
    setErrors({});
    setAdding(kind);
    add.mutate({ teamId: team.id, example: { type: 'generated', params: parsed.data } });
  }

  const field = (key: keyof typeof DEFAULTS) => ({
    value: params[key],
    inputMode: 'decimal' as const,
    error: errors[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setParams({ ...params, [key]: e.target.value }),
  });

  return (
    <div className="space-y-4">
      <div>
        <h3 className="text-sm font-medium text-slate-900">Start from an example</h3>
        <p className="text-sm text-slate-500">Registered in one click with target “label” and classification.</p>
      </div>
      <FormError message={add.error ? errorMessage(add.error) : null} />
      <fieldset className="space-y-3">
        <legend className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Generated</legend>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          <TextField label="Rows" {...field('rows')} />
          <TextField label="Noise" {...field('noise')} />
          <TextField label="Seed" {...field('seed')} />
          <TextField label="Arms (spirals)" {...field('classes')} />
        </div>
        <ul className="grid gap-2 sm:grid-cols-2">
          {examples.data?.generated.map((ex) => (
            <li key={ex.kind} className="flex items-start justify-between gap-3 rounded-md p-3 ring-1 ring-slate-200">
              <div>
                <p className="text-sm font-medium text-slate-800">{ex.title}</p>
                <p className="text-xs text-slate-500">{ex.description}</p>
              </div>
              <Button variant="secondary" className="shrink-0" aria-label={`Add ${ex.title}`} pending={adding === ex.kind} disabled={adding !== null} onClick={() => addGenerated(ex.kind as GeneratedKind)}>
                Add
              </Button>
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Real data, shipped with Holdout</legend>
        <ul className="grid gap-2 sm:grid-cols-2">
          {examples.data?.shipped.map((ex) => (
            <li key={ex.key} className="flex items-start justify-between gap-3 rounded-md p-3 ring-1 ring-slate-200">
              <div>
                <p className="text-sm font-medium text-slate-800">{ex.title}</p>
                <p className="text-xs text-slate-500">{ex.description}</p>
                <p className="mt-1 text-[11px] text-slate-400">
                  {ex.source} · Licence {ex.license}
                </p>
              </div>
              <Button
                variant="secondary"
                className="shrink-0"
                aria-label={`Add ${ex.title}`}
                pending={adding === ex.key}
                disabled={adding !== null}
                onClick={() => {
                  setAdding(ex.key);
                  add.mutate({ teamId: team.id, example: { type: 'shipped', key: ex.key as ShippedKey } });
                }}
              >
                Add
              </Button>
            </li>
          ))}
        </ul>
      </fieldset>
    </div>
  );
}
