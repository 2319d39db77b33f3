import { Badge } from '@/app/components/ui/badge';

/** Marks a run trained outside Holdout (by a script through the API); the hover says where, as the script said. */
export function ExternalBadge({ source, compact = false }: { source: Record<string, string> | null | undefined; /** Just "external" (where it ran in the hover), for dense tables. */ compact?: boolean }) {
  const where = Object.entries(source ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  return (
    <Badge tone="indigo" title={`Trained outside Holdout and reported through the API; ranked only on the dev predictions the server scored.${where ? `\n${where}` : ''}`}>
      external{!compact && source?.framework ? ` · ${source.framework}` : ''}
    </Badge>
  );
}
