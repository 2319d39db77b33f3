import { relativeTime } from '@/app/lib/relative-time';
import { ActivitySentence, activityTone } from './activity-sentence';
import type { ActivityItem } from './use-activity-live';

/** Feed entries, newest first, one line each. */
export function ActivityList({ items, slug, now, compact = false }: { items: ActivityItem[]; slug: string; now: number; compact?: boolean }) {
  return (
    <ol className={compact ? 'space-y-2' : 'divide-y divide-slate-100'} aria-label="Activity">
      {items.map((item) => (
        <li key={item.id} data-kind={item.kind} className={`flex items-baseline gap-3 text-sm text-slate-700 ${compact ? '' : 'py-2.5'}`}>
          <span className={`size-1.5 shrink-0 translate-y-[-2px] rounded-full ${activityTone(item.kind)}`} aria-hidden />
          <span className="min-w-0 flex-1">
            <ActivitySentence item={item} slug={slug} />
          </span>
          <time className="shrink-0 text-xs text-slate-400 tabular-nums" dateTime={new Date(item.createdAt).toISOString()} title={new Date(item.createdAt).toLocaleString()}>
            {relativeTime(new Date(item.createdAt), now)}
          </time>
        </li>
      ))}
    </ol>
  );
}
