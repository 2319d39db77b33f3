'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/app/components/ui/button';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import type { RunDetail } from './run-types';

/**
 * Archive or restore a finished run, or delete it where nothing depends on it (the server says why
 * not otherwise). Deleting asks once more, in place: it cannot be undone.
 */
export function RunHousekeeping({ run, teamId, slug }: { run: RunDetail; teamId: string; slug: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const archive = useMutation(trpc.run.setArchived.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  const remove = useMutation(
    trpc.run.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        router.push(`/t/${slug}/runs`);
      },
    }),
  );
  const error = archive.error ?? remove.error;
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <span className="inline-flex items-center gap-1">
        {confirming ? (
          <>
            <span className="text-sm text-slate-700">Delete run #{run.number} for good?</span>
            <Button variant="danger" pending={remove.isPending} onClick={() => remove.mutate({ teamId, runId: run.id })}>
              Delete
            </Button>
            <Button variant="ghost" onClick={() => setConfirming(false)}>
              Keep it
            </Button>
          </>
        ) : (
          <>
            <Button variant="ghost" pending={archive.isPending} onClick={() => archive.mutate({ teamId, runId: run.id, archived: !run.archivedAt })}>
              {run.archivedAt ? 'Restore' : 'Archive'}
            </Button>
            <Button variant="ghost" onClick={() => setConfirming(true)}>
              Delete…
            </Button>
          </>
        )}
      </span>
      {error && (
        <span role="alert" className="max-w-sm text-right text-xs text-red-600">
          {errorMessage(error)}
        </span>
      )}
    </span>
  );
}
