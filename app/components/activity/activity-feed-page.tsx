'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { Button } from '@/app/components/ui/button';
import { Card } from '@/app/components/ui/card';
import { FormError } from '@/app/components/ui/field';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { ActivityList } from './activity-list';
import { KIND_GROUPS, type KindGroup } from './activity-sentence';
import { useLiveFeed } from './use-live-feed';
import { useNow } from './use-now';

const SELECT =
  'rounded-md border-0 bg-white py-1.5 pr-8 pl-3 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600';

/** The team's feed: who did what, newest first, filtered by ?person= and ?kind=, live. */
export function ActivityFeedPage() {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const members = useQuery(trpc.member.list.queryOptions({ teamId: team.id }));
  const person = params.get('person') ?? '';
  const kindParam = params.get('kind') ?? '';
  const group = kindParam in KIND_GROUPS ? (kindParam as KindGroup) : null;
  const { feed, items, subscription } = useLiveFeed(team.id, { actorId: person || undefined, kinds: group ? [...KIND_GROUPS[group].kinds] : undefined });
  const now = useNow();

  function setParam(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    const query = next.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  }

  const filtered = Boolean(person || group);
  return (
    <Card
      title="Activity"
      description="Everything that happens in this team, as it happens."
      actions={
        <span className="flex items-center gap-1.5 text-xs text-slate-500" aria-live="polite">
          <span className={`size-1.5 rounded-full ${subscription.status === 'pending' ? 'bg-emerald-500' : 'bg-slate-300'}`} aria-hidden />
          {subscription.status === 'pending' ? 'Live' : subscription.status === 'error' ? 'Reconnecting…' : 'Connecting…'}
        </span>
      }
    >
      <div className="space-y-4">
        <div className="flex flex-wrap items-center gap-3">
          <label className="flex items-center gap-2 text-sm text-slate-600">
            Person
            <select className={SELECT} value={person} onChange={(e) => setParam('person', e.target.value)}>
              <option value="">Everyone</option>
              {members.data?.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-2 text-sm text-slate-600">
            Kind
            <select className={SELECT} value={group ?? ''} onChange={(e) => setParam('kind', e.target.value)}>
              <option value="">Everything</option>
              {Object.entries(KIND_GROUPS).map(([value, g]) => (
                <option key={value} value={value}>
                  {g.label}
                </option>
              ))}
            </select>
          </label>
          {filtered && (
            <Link href={pathname} replace className="text-sm text-slate-500 hover:text-indigo-700">
              Clear filters
            </Link>
          )}
        </div>
        {feed.isError && <FormError message={errorMessage(feed.error)} />}
        {feed.isPending ? (
          <p className="text-sm text-slate-500">Loading activity…</p>
        ) : items.length === 0 ? (
          <p className="py-8 text-center text-sm text-slate-500">{filtered ? 'Nothing matches these filters yet.' : 'Nothing has happened in this team yet.'}</p>
        ) : (
          <ActivityList items={items} slug={team.slug} now={now} />
        )}
        {feed.hasNextPage && (
          <div className="flex justify-center">
            <Button variant="secondary" pending={feed.isFetchingNextPage} onClick={() => void feed.fetchNextPage()}>
              Load more
            </Button>
          </div>
        )}
      </div>
    </Card>
  );
}
