import { Badge } from '@/app/components/ui/badge';
import type { RunStatus } from './run-types';

const TONE = { queued: 'neutral', running: 'indigo', succeeded: 'green', failed: 'red', cancelled: 'amber' } as const;

export function StatusBadge({ status, cancelling = false }: { status: RunStatus; cancelling?: boolean }) {
  // A running run asked to stop keeps training until the trainer notices: say so, not "cancelled".
  const label = cancelling && status === 'running' ? 'cancelling' : status;
  return (
    <Badge tone={TONE[status]}>
      {status === 'running' && <span className="mr-1 size-1.5 animate-pulse rounded-full bg-indigo-500" aria-hidden />}
      {label}
    </Badge>
  );
}
