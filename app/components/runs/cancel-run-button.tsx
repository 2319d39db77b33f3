'use client';

import { useMutation } from '@tanstack/react-query';
import { Button } from '@/app/components/ui/button';
import { errorMessage, useTRPC } from '@/app/lib/trpc';

/** Cancel stops a queued run at once; a running one stops at the end of its current step. */
export function CancelRunButton({ teamId, runId, requested }: { teamId: string; runId: string; requested: boolean }) {
  const trpc = useTRPC();
  const cancel = useMutation(trpc.run.cancel.mutationOptions());
  return (
    <span className="inline-flex items-center gap-2">
      {cancel.isError && <span role="alert" className="text-xs text-red-600">{errorMessage(cancel.error)}</span>}
      <Button
        variant="danger"
        pending={cancel.isPending}
        disabled={requested || cancel.isSuccess}
        onClick={() => {
          if (window.confirm('Cancel this run? Epochs reported so far are kept.')) cancel.mutate({ teamId, runId });
        }}
      >
        {requested || cancel.isSuccess ? 'Cancelling…' : 'Cancel run'}
      </Button>
    </span>
  );
}
