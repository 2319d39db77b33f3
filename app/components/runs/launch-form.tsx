'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { countParams, type ModelConfig, type TaskKind } from '@/server/shared/runs/model-config';
import { can, deniedMessage } from '@/server/shared/auth/permissions';
import { Button } from '@/app/components/ui/button';
import { FormError } from '@/app/components/ui/field';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { formatCount } from '@/app/lib/format';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { ArchitectureFields } from './architecture-fields';
import { draftFromConfig, validateDraft, type ConfigDraft } from './config-draft';
import { OptimizationFields } from './optimization-fields';
import { EarlyStoppingFields, RegularizationFields, ReproducibilityFields } from './regularization-fields';

interface Props {
  splitId: string;
  taskKind: TaskKind;
  initial: ModelConfig;
  /** Input and output widths for the live parameter count; null when they could not be estimated. */
  shape: { inputDim: number; outputDim: number } | null;
  cancelHref: string;
}

export function LaunchForm({ splitId, taskKind, initial, shape, cancelHref }: Props) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<ConfigDraft>(() => draftFromConfig(initial));
  const [submitted, setSubmitted] = useState(false);
  const { config, errors } = useMemo(() => validateDraft(draft, taskKind), [draft, taskKind]);
  const launch = useMutation(
    trpc.run.launch.mutationOptions({
      onSuccess: async ({ id }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.run.list.pathKey() });
        router.push(`/t/${team.slug}/runs/${id}`);
      },
    }),
  );
  const allowed = can(team.role, 'run.create');
  const set = (patch: Partial<ConfigDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const props = { draft, set, errors };
  const errorCount = Object.keys(errors).length;

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!config || !allowed) return;
    launch.mutate({ teamId: team.id, splitId, config });
  }

  const outputLabel = taskKind === 'classification' ? 'class scores' : 'prediction';
  return (
    <form onSubmit={submit} noValidate className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <div className="space-y-6 px-5 py-5">
        <ArchitectureFields {...props} outputLabel={outputLabel} />
        <OptimizationFields {...props} />
        <RegularizationFields {...props} />
        <EarlyStoppingFields {...props} taskKind={taskKind} />
        <ReproducibilityFields {...props} />
      </div>
      <footer className="sticky bottom-0 space-y-3 rounded-b-lg border-t border-slate-200 bg-slate-50 px-5 py-4">
        {!allowed && <FormError message={deniedMessage(team.role, 'run.create')} />}
        {submitted && errorCount > 0 && <FormError message={`Fix the ${errorCount === 1 ? 'field' : `${errorCount} fields`} marked in red before launching.`} />}
        {launch.isError && <FormError message={errorMessage(launch.error)} />}
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-600" aria-live="polite">
            {config && shape ? (
              <>
                <span className="font-semibold text-slate-900 tabular-nums">≈ {formatCount(countParams(config, shape.inputDim, shape.outputDim))}</span> trainable parameters ·{' '}
                {shape.inputDim} inputs → {taskKind === 'classification' ? `${shape.outputDim} classes` : '1 output'}
              </>
            ) : (
              'The parameter count appears once every field is valid.'
            )}
          </p>
          <div className="flex items-center gap-2">
            <Link href={cancelHref} className="rounded-md px-3 py-2 text-sm font-medium text-slate-600 hover:bg-slate-100">
              Back to the split
            </Link>
            <Button type="submit" pending={launch.isPending || launch.isSuccess} disabled={!allowed}>
              Launch run
            </Button>
          </div>
        </div>
      </footer>
    </form>
  );
}
