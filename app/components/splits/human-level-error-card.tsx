'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { can } from '@/server/shared/auth/permissions';
import { Button } from '@/app/components/ui/button';
import { Card } from '@/app/components/ui/card';
import { FormError, TextField } from '@/app/components/ui/field';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import type { SplitDetail } from '@/app/lib/router-types';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { HUMAN_LEVEL_HELP, parseHumanLevelError } from './human-level-error';

/** The one thing about a split that may change: the team's estimate of achievable error. */
export function HumanLevelErrorCard({ split }: { split: SplitDetail }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState(split.humanLevelError === null ? '' : String(split.humanLevelError));
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.split.setHumanLevelError.mutationOptions({
      onSuccess: async () => {
        setSaved(true);
        await queryClient.invalidateQueries({ queryKey: trpc.split.get.queryKey() });
      },
    }),
  );
  const editable = can(team.role, 'split.create');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseHumanLevelError(text, split.taskKind);
    setError(parsed.error);
    setSaved(false);
    if (!parsed.error) save.mutate({ teamId: team.id, splitId: split.id, humanLevelError: parsed.value });
  }

  const current = split.humanLevelError === null ? 'not set' : String(split.humanLevelError);
  return (
    <Card title="Human-level error" description={HUMAN_LEVEL_HELP}>
      {editable ? (
        <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-start gap-3">
          <div className="w-full max-w-xs">
            <TextField
              label="Human-level error"
              inputMode="decimal"
              placeholder={split.taskKind === 'classification' ? 'e.g. 0.02' : 'same unit as the target'}
              value={text}
              error={error}
              hint={split.taskKind === 'classification' ? 'An error rate: 2% is 0.02. Empty clears it.' : 'In the target’s unit. Empty clears it.'}
              onChange={(e) => {
                setText(e.target.value);
                setSaved(false);
              }}
            />
          </div>
          <Button type="submit" variant="secondary" className="mt-7" pending={save.isPending}>
            Save
          </Button>
          <p className="mt-8 text-sm text-emerald-700" aria-live="polite">
            {saved ? 'Saved.' : ''}
          </p>
        </form>
      ) : (
        <p className="text-sm text-slate-700">Current value: {current}</p>
      )}
      <FormError message={save.error ? errorMessage(save.error) : null} />
    </Card>
  );
}
