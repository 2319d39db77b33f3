'use client';

import { useRouter } from 'next/navigation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import type { ColumnType } from '@/server/shared/datasets/types';
import { Button } from '@/app/components/ui/button';
import { FormError, SelectField, TextField } from '@/app/components/ui/field';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import type { DatasetVersionDetail } from '@/app/lib/router-types';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { ExplicitMappingEditor } from './explicit-mapping-editor';
import { FractionsFields } from './fractions-fields';
import { SplitPreview } from './split-preview';
import { SealNotice } from './seal-notice';
import { fractionsFromShares, SealedFractionsFields } from './sealed-fractions-fields';
import { HUMAN_LEVEL_HELP, parseHumanLevelError } from './human-level-error';
import { defaultSplitName, buildDefinition, PRESETS, STRATEGIES, usesColumn, usesFractions, usesSeed, type FormValues } from './split-definition';

/** Which columns each strategy can work from; the server has the last word. */
const COLUMN_TYPES: Record<FormValues['strategy'], ColumnType[]> = {
  random: [],
  stratified: ['categorical', 'boolean', 'integer', 'text'],
  grouped: ['categorical', 'boolean', 'integer', 'text', 'id'],
  explicit: ['categorical', 'boolean', 'integer', 'text', 'id'],
  'time-ordered': ['datetime'],
};

export function FreezeSplitForm({ version }: { version: DatasetVersionDetail }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const excluded = version.excludedColumns as string[];
  // Columns that are not model inputs (ids, dates) can still decide a split: group by a patient, order by time.
  const usable = version.schema.columns;
  // Null until someone types: the field then shows the default name, which follows the choices below.
  const [typedName, setName] = useState<string | null>(null);
  const [values, setValues] = useState<FormValues>({ strategy: 'stratified', column: version.targetColumn, fractions: PRESETS[0]!.fractions, seed: '0', mapping: {} });
  const name = typedName ?? defaultSplitName(values);
  const [shares, setShares] = useState({ train: '0.9', dev: '0.1' });
  const [human, setHuman] = useState('');
  const testShare = version.seal ? version.seal.testCount / version.rowCount : null;
  const [errors, setErrors] = useState<Record<string, string>>({});
  // Messages describe the values they were given: edit a value and they go (the live preview speaks for the new ones).
  useEffect(() => setErrors({}), [values, shares]);
  const freeze = useMutation(trpc.split.freeze.mutationOptions());
  const candidates = usable.filter((c) => COLUMN_TYPES[values.strategy].includes(c.type));
  const strategy = STRATEGIES.find((s) => s.value === values.strategy)!;

  function setStrategy(next: FormValues['strategy']) {
    const allowed = usable.filter((c) => COLUMN_TYPES[next].includes(c.type)).map((c) => c.name);
    const column = allowed.includes(values.column) ? values.column : next === 'stratified' && allowed.includes(version.targetColumn) ? version.targetColumn : (allowed[0] ?? '');
    setValues({ ...values, strategy: next, column, mapping: {} });
  }

  // On a sealed version test is fixed: the shares become the three fractions. Built once per
  // render, for the submit and for the live preview (which gets none while a field is invalid).
  const sealed = testShare !== null && usesFractions(values.strategy) ? fractionsFromShares(shares, testShare) : null;
  const built = sealed && !sealed.fractions ? null : buildDefinition(sealed?.fractions ? { ...values, fractions: sealed.fractions } : values);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!built) {
      setErrors(sealed!.errors);
      return;
    }
    const hle = parseHumanLevelError(human, version.taskKind);
    const next = { ...built.errors, ...(name.trim() ? {} : { name: 'Give the split a name' }), ...(hle.error ? { human: hle.error } : {}) };
    setErrors(next);
    if (Object.keys(next).length > 0 || !built.definition) return;
    try {
      const result = await freeze.mutateAsync({ teamId: team.id, datasetVersionId: version.id, name: name.trim(), definition: built.definition, humanLevelError: hle.value });
      // The first split of a version seals it: the version's page must read its seal and statistics anew.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.split.list.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.dataset.list.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.dataset.version.queryKey() }),
      ]);
      router.push(`/t/${team.slug}/splits/${result.id}`);
    } catch (error) {
      // The split domain's messages name the field and the fix; show them as they are.
      setErrors({ form: errorMessage(error) });
    }
  }

  const previewDefinition = built?.definition as Record<string, unknown> | undefined;

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <SealNotice version={version} />
      <TextField label="Split name" hint="Named after the strategy until you give it a name of its own." value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField label="Strategy" value={values.strategy} onChange={(e) => setStrategy(e.target.value as FormValues['strategy'])}>
          {STRATEGIES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </SelectField>
        {usesColumn(values.strategy) && (
          <SelectField label="Column" value={values.column} error={errors.column} onChange={(e) => setValues({ ...values, column: e.target.value, mapping: {} })}>
            {candidates.length === 0 && <option value="">No suitable column</option>}
            {candidates.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name} ({c.type}){c.name === version.targetColumn ? ' · target' : excluded.includes(c.name) ? ' · not an input' : ''}
              </option>
            ))}
          </SelectField>
        )}
      </div>
      <p className="-mt-2 text-xs text-slate-500">{strategy.help}</p>
      {values.strategy === 'explicit' && usable.find((c) => c.name === values.column) && (
        <ExplicitMappingEditor column={usable.find((c) => c.name === values.column)!} mapping={values.mapping} onChange={(mapping) => setValues({ ...values, mapping })} error={errors.mapping} />
      )}
      {usesFractions(values.strategy) &&
        (testShare === null ? (
          <FractionsFields value={values.fractions} onChange={(fractions) => setValues({ ...values, fractions })} errors={errors} />
        ) : (
          <SealedFractionsFields shares={shares} onChange={setShares} errors={errors} />
        ))}
      {usesSeed(values.strategy) && (
        <div className="w-40">
          <TextField label="Seed" inputMode="numeric" value={values.seed} error={errors.seed} onChange={(e) => setValues({ ...values, seed: e.target.value })} />
        </div>
      )}
      <TextField
          label="Human-level error (optional)"
          inputMode="decimal"
          placeholder={version.taskKind === 'classification' ? 'e.g. 0.02' : 'same unit as the target'}
          value={human}
          error={errors.human}
          hint={HUMAN_LEVEL_HELP}
          onChange={(e) => setHuman(e.target.value)}
        />
      <SplitPreview datasetVersionId={version.id} definition={previewDefinition} />
      <FormError message={errors.form} />
      <Button type="submit" pending={freeze.isPending}>
        Freeze split
      </Button>
    </form>
  );
}
