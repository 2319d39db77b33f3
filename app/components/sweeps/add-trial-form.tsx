'use client';

import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button } from '@/app/components/ui/button';
import { TextField } from '@/app/components/ui/field';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { parseParamText, type SweepDetail } from './sweep-types';

/**
 * A configuration someone wants tried, trained over the sweep's seeds beside the strategy's own
 * (outside its trial budget). Blank fields keep the base config's value; the server names a bad one.
 */
export function AddTrialForm({ sweep }: { sweep: SweepDetail }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const names = Object.keys(sweep.definition.space);
  const [values, setValues] = useState<Record<string, string>>({});
  const add = useMutation(
    trpc.sweep.addTrial.mutationOptions({
      onSuccess: () => {
        setValues({});
        void queryClient.invalidateQueries({ queryKey: trpc.sweep.pathKey() });
      },
    }),
  );
  const assignment = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, parseParamText(k, v)]));
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate({ teamId: team.id, sweepId: sweep.id, assignment });
      }}
    >
      <div className="grid gap-3 sm:grid-cols-3">
        {names.map((name) => (
          <TextField key={name} label={name} value={values[name] ?? ''} placeholder="base value" onChange={(e) => setValues({ ...values, [name]: e.target.value })} />
        ))}
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary" pending={add.isPending} disabled={Object.keys(assignment).length === 0}>
          Add this configuration
        </Button>
        {add.isSuccess && <span className="text-xs text-slate-600">Added {add.data.trials} trial{add.data.trials === 1 ? '' : 's'}.</span>}
        {add.isError && <span role="alert" className="text-xs text-red-600">{errorMessage(add.error)}</span>}
      </div>
    </form>
  );
}
