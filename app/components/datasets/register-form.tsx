'use client';

import { useRouter } from 'next/navigation';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { TaskKind } from '@/server/shared/datasets/types';
import { Button } from '@/app/components/ui/button';
import { Checkbox, Radio } from '@/app/components/ui/choice';
import { FormError, SelectField, TextAreaField, TextField } from '@/app/components/ui/field';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import type { Draft } from '@/app/lib/router-types';
import { errorMessage, fieldErrors, useTRPC } from '@/app/lib/trpc';
import { taskSuggestion } from './task-reason';
import { unquotedName } from '@/server/shared/datasets/column-overrides';

const baseName = (fileName: string) => fileName.replace(/\.(csv|tsv|txt)$/i, '');

export function RegisterForm({ draft, onTargetChange }: { draft: Draft; onTargetChange?: (column: string) => void }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const datasets = useQuery(trpc.dataset.list.queryOptions({ teamId: team.id }));
  const columns = draft.schema.columns;
  const [mode, setMode] = useState<'new' | 'existing'>('new');
  const [name, setName] = useState(baseName(draft.fileName));
  const [description, setDescription] = useState('');
  const [datasetId, setDatasetId] = useState('');
  const [target, setTarget] = useState(draft.suggestedTarget?.column ?? columns.at(-1)?.name ?? '');
  const [taskKind, setTaskKind] = useState<TaskKind>(draft.suggestedTarget?.taskKind ?? 'classification');
  // Ids and dates start as "not an input": a model learns nothing general from them, and a split can still group or order by them.
  const [excluded, setExcluded] = useState<string[]>(() => columns.filter((c) => (c.type === 'id' || c.type === 'datetime') && c.name !== (draft.suggestedTarget?.column ?? columns.at(-1)?.name)).map((c) => c.name));
  // Schema fixes, by the file's column names: names without stray quotes are proposed up front.
  const [renames, setRenames] = useState<Record<string, string>>(() => Object.fromEntries(columns.flatMap((c) => (unquotedName(c.name) ? [[c.name, unquotedName(c.name)!]] : []))));
  const [categorical, setCategorical] = useState<string[]>([]);
  const shownName = (column: string) => renames[column]?.trim() || column;
  const [errors, setErrors] = useState<Record<string, string>>({});
  const suggestion = taskSuggestion(columns.find((c) => c.name === target));
  const register = useMutation(trpc.dataset.register.mutationOptions());
  const discard = useMutation(trpc.dataset.discardDraft.mutationOptions({ onSuccess: () => router.push(`/t/${team.slug}/datasets`) }));

  function chooseTarget(next: string) {
    setTarget(next);
    onTargetChange?.(next);
    setExcluded((xs) => xs.filter((x) => x !== next));
    const kind = taskSuggestion(columns.find((c) => c.name === next)).kind;
    if (kind) setTaskKind(kind);
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (mode === 'new' && !name.trim()) return setErrors({ 'dataset.name': 'Give the dataset a name' });
    if (mode === 'existing' && !datasetId) return setErrors({ 'dataset.datasetId': 'Choose the dataset this is a new version of' });
    setErrors({});
    try {
      const dataset = mode === 'new' ? { kind: 'new' as const, name, description } : { kind: 'existing' as const, datasetId };
      const columnOverrides = columns
        .filter((c) => shownName(c.name) !== c.name || categorical.includes(c.name))
        .map((c) => ({ column: c.name, ...(shownName(c.name) !== c.name ? { rename: shownName(c.name) } : {}), ...(categorical.includes(c.name) ? { as: 'categorical' as const } : {}) }));
      const result = await register.mutateAsync({
        teamId: team.id,
        draftId: draft.id,
        dataset,
        targetColumn: shownName(target),
        taskKind,
        excludedColumns: excluded.map(shownName),
        columnOverrides,
      });
      await queryClient.invalidateQueries({ queryKey: trpc.dataset.list.queryKey() });
      router.push(`/t/${team.slug}/datasets/${result.datasetId}`);
    } catch (error) {
      const perField = fieldErrors(error);
      setErrors(Object.keys(perField).length ? perField : { form: errorMessage(error) });
    }
  }

  const hasDatasets = (datasets.data?.length ?? 0) > 0;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-700">Register as</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          <Radio name="mode" checked={mode === 'new'} onChange={() => setMode('new')} label="A new dataset" />
          <Radio name="mode" checked={mode === 'existing'} onChange={() => setMode('existing')} label="A new version of an existing dataset" disabled={!hasDatasets} />
        </div>
        {mode === 'new' ? (
          <div className="grid gap-3 sm:grid-cols-2">
            <TextField label="Dataset name" value={name} onChange={(e) => setName(e.target.value)} error={errors['dataset.name']} required />
            <TextAreaField label="Description (optional)" value={description} onChange={(e) => setDescription(e.target.value)} error={errors['dataset.description']} rows={2} />
          </div>
        ) : (
          <SelectField label="Dataset" value={datasetId} onChange={(e) => setDatasetId(e.target.value)} error={errors['dataset.datasetId']}>
            <option value="">Choose a dataset…</option>
            {datasets.data?.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} (now v{d.latestVersion})
              </option>
            ))}
          </SelectField>
        )}
      </fieldset>

      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Target column" value={target} onChange={(e) => chooseTarget(e.target.value)} error={errors.targetColumn}>
          {columns.map((c) => (
            <option key={c.name} value={c.name}>
              {shownName(c.name)} ({categorical.includes(c.name) ? 'categorical' : c.type})
            </option>
          ))}
        </SelectField>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Task</legend>
          <div className="mt-2 flex gap-4 text-sm">
            <Radio name="task" checked={taskKind === 'classification'} onChange={() => setTaskKind('classification')} label="Classification" />
            <Radio name="task" checked={taskKind === 'regression'} onChange={() => setTaskKind('regression')} label="Regression" />
          </div>
          {suggestion.why && (
            <p className="mt-1.5 text-xs text-slate-500">
              {suggestion.kind ? `Suggested: ${suggestion.kind}, because ` : 'Not suggested as a target: '}
              {suggestion.why}
            </p>
          )}
        </fieldset>
      </div>

      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Not model inputs</legend>
        <p className="text-xs text-slate-500">These columns stay in the file and can still decide a split (group by an id, order by a date), but no model is ever given them: ids, dates, leaks, free-text notes. Ids and dates start here.</p>
        <div className="mt-2 grid gap-x-4 gap-y-1.5 text-sm sm:grid-cols-3">
          {columns
            .filter((c) => c.name !== target)
            .map((c) => (
              <Checkbox
                key={c.name}
                label={shownName(c.name)}
                checked={excluded.includes(c.name)}
                onChange={(e) => setExcluded((xs) => (e.target.checked ? [...xs, c.name] : xs.filter((x) => x !== c.name)))}
              />
            ))}
        </div>
      </fieldset>

      <details className="rounded-md ring-1 ring-slate-200" open={Object.keys(renames).length > 0}>
        <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-700">Column names and types</summary>
        <div className="space-y-2 px-3 pb-3">
          <p className="text-xs text-slate-500">Rename a column, or read an integer column (zip codes, class ids) as categories instead of numbers. Quotes left around header names are removed here; put them back to keep them.</p>
          <div className="grid gap-x-4 gap-y-2 sm:grid-cols-2">
            {columns.map((c) => (
              <div key={c.name} className="flex items-end gap-2">
                <div className="min-w-0 flex-1">
                  <TextField
                    label={`Name of column ${c.index + 1}`}
                    value={renames[c.name] ?? c.name}
                    onChange={(e) => setRenames((r) => ({ ...r, [c.name]: e.target.value }))}
                    hint={shownName(c.name) !== c.name ? `in the file: ${c.name}` : undefined}
                  />
                </div>
                {c.type === 'integer' && (
                  <div className="pb-2">
                    <Checkbox
                      label="categories"
                      checked={categorical.includes(c.name)}
                      onChange={(e) => setCategorical((xs) => (e.target.checked ? [...xs, c.name] : xs.filter((x) => x !== c.name)))}
                    />
                  </div>
                )}
              </div>
            ))}
          </div>
        </div>
      </details>

      <FormError message={errors.form ?? (discard.error ? errorMessage(discard.error) : null)} />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" pending={register.isPending}>
          Register
        </Button>
        <Button type="button" variant="ghost" pending={discard.isPending} onClick={() => discard.mutate({ teamId: team.id, draftId: draft.id })}>
          Discard upload
        </Button>
      </div>
    </form>
  );
}
