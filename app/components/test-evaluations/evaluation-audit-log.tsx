'use client';

import Link from 'next/link';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Badge } from '@/app/components/ui/badge';
import { Button } from '@/app/components/ui/button';
import { Card } from '@/app/components/ui/card';
import { CopyValue } from '@/app/components/ui/copy-button';
import { FormError } from '@/app/components/ui/field';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { formatWhen, shortHash } from '@/app/lib/format';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { scoreLine, type TestEvaluation } from './test-eval-format';

const PAGE = 20;
const TH = 'px-3 py-2 text-left text-xs font-semibold tracking-wide text-slate-500 uppercase';
const TD = 'px-3 py-2 align-top';

/** The split's append-only log of test evaluations, newest first. */
export function EvaluationAuditLog({ splitId }: { splitId: string }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const log = useInfiniteQuery(
    trpc.testEvaluation.list.infiniteQueryOptions(
      { teamId: team.id, splitId, limit: PAGE },
      {
        getNextPageParam: (last) => last.nextCursor,
        // A pending entry gets its outcome from the worker in seconds; poll only while one waits.
        refetchInterval: (query) => (query.state.data?.pages.some((p) => p.items.some((e) => e.status === 'pending')) ? 2000 : false),
      },
    ),
  );
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card title="Test evaluation log" description="Every request to score a run on the test split, newest first. Entries are append-only: they can’t be edited or deleted.">
      {log.isError && <FormError message={errorMessage(log.error)} />}
      {log.isPending ? (
        <p className="text-sm text-slate-500">Loading the log…</p>
      ) : items.length === 0 ? (
        <p className="text-sm text-slate-500">No run of this split has been evaluated on the test split yet.</p>
      ) : (
        <div className="-mx-5 overflow-x-auto">
          <table className="min-w-full text-sm">
            <thead className="border-b border-slate-100">
              <tr>
                <th className={`${TH} pl-5`}>Requested</th>
                <th className={TH}>By</th>
                <th className={TH}>Run</th>
                <th className={TH}>Model</th>
                <th className={TH}>Reason</th>
                <th className={`${TH} pr-5`}>Outcome</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((e) => (
                <Row key={e.id} evaluation={e} slug={team.slug} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {log.hasNextPage && (
        <div className="mt-3">
          <Button variant="secondary" pending={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            Load more
          </Button>
        </div>
      )}
    </Card>
  );
}

function Row({ evaluation: e, slug }: { evaluation: TestEvaluation; slug: string }) {
  return (
    <tr>
      <td className={`${TD} pl-5 whitespace-nowrap text-slate-700`}>{formatWhen(e.requestedAt)}</td>
      <td className={`${TD} whitespace-nowrap text-slate-700`}>{e.requestedBy?.name ?? <span className="text-slate-400">former member</span>}</td>
      <td className={TD}>
        <Link href={`/t/${slug}/runs/${e.runId}`} className="font-medium text-indigo-700 hover:underline">
          #{e.runNumber}
        </Link>
      </td>
      <td className={TD}>
        <CopyValue value={e.modelHash} label={`model hash of run #${e.runNumber}`} shown={shortHash(e.modelHash)} />
      </td>
      <td className={`${TD} max-w-xs text-slate-600`}>{e.reason || <span className="text-slate-400">—</span>}</td>
      <td className={`${TD} pr-5 whitespace-nowrap`}>
        <Outcome evaluation={e} />
      </td>
    </tr>
  );
}

function Outcome({ evaluation: e }: { evaluation: TestEvaluation }) {
  if (e.status === 'pending') return <Badge tone="amber">pending</Badge>;
  if (e.status === 'failed') {
    return (
      <span className="inline-flex items-center gap-2">
        <Badge tone="red">failed</Badge>
        {e.result?.error && <span className="max-w-xs truncate text-xs whitespace-normal text-red-700">{e.result.error}</span>}
      </span>
    );
  }
  return <span className="tabular-nums text-slate-900">{scoreLine(e)}</span>;
}
