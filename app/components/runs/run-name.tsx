'use client';

import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button } from '@/app/components/ui/button';
import { CONTROL } from '@/app/components/ui/field';
import { errorMessage, useTRPC } from '@/app/lib/trpc';

/** The run's name beside its number, renamed in place by its author or an admin (blank: the default). */
export function RunName({ teamId, runId, name, namedByHand, mayRename }: { teamId: string; runId: string; name: string; namedByHand: boolean; mayRename: boolean }) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState<string | null>(null);
  const rename = useMutation(trpc.run.rename.mutationOptions({ onSuccess: () => setDraft(null) }));
  if (draft === null) {
    return (
      <span className="inline-flex items-center gap-2">
        <span className={`text-lg ${namedByHand ? 'text-slate-800' : 'text-slate-500'}`} title={namedByHand ? undefined : 'The default name, from the config'}>
          {name}
        </span>
        {mayRename && (
          <button type="button" className="text-xs text-slate-500 hover:text-indigo-700" onClick={() => setDraft(namedByHand ? name : '')}>
            Rename
          </button>
        )}
      </span>
    );
  }
  return (
    <form
      className="inline-flex items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        rename.mutate({ teamId, runId, name: draft });
      }}
    >
      <input aria-label="Run name" autoFocus value={draft} placeholder={name} maxLength={80} onChange={(e) => setDraft(e.target.value)} className={`${CONTROL} w-72 py-1`} />
      <Button type="submit" pending={rename.isPending} className="py-1">Save</Button>
      <Button type="button" variant="ghost" className="py-1" onClick={() => setDraft(null)}>Cancel</Button>
      {rename.isError && <span role="alert" className="text-xs text-red-600">{errorMessage(rename.error)}</span>}
    </form>
  );
}
