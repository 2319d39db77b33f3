import Link from 'next/link';
import { describeFailureKind } from '@/app/components/runs/failure-kind';
import type { ReactNode } from 'react';
import type { ActivityItem } from './use-activity-live';

const LINK = 'font-medium text-indigo-700 hover:underline';

/** What each kind filter of the feed covers. */
export const KIND_GROUPS = {
  runs: { label: 'Runs', kinds: ['run.launched', 'run.succeeded', 'run.failed', 'run.cancelled', 'sweep.launched'] },
  reviews: { label: 'Reviews', kinds: ['run.ready_for_review', 'review.approved', 'review.changes_requested'] },
  comments: { label: 'Comments', kinds: ['comment.posted'] },
  data: { label: 'Datasets and splits', kinds: ['dataset.registered', 'split.frozen'] },
  tests: { label: 'Test evaluations', kinds: ['test_evaluation.completed'] },
  members: { label: 'Members', kinds: ['member.joined'] },
} as const satisfies Record<string, { label: string; kinds: readonly ActivityItem['kind'][] }>;
export type KindGroup = keyof typeof KIND_GROUPS;

function str(payload: unknown, key: string): string | null {
  const value = (payload as Record<string, unknown> | null)?.[key];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}

function num(payload: unknown, key: string): number | null {
  const value = (payload as Record<string, unknown> | null)?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** "Ada approved run #12 on split moons-main": one sentence per feed entry, with links. */
export function ActivitySentence({ item, slug }: { item: ActivityItem; slug: string }) {
  const actor = <span className="font-medium text-slate-900">{item.actorName ?? 'Someone'}</span>;
  const runNumber = item.runNumber ?? num(item.payload, 'runNumber');
  const run: ReactNode = item.runId && runNumber !== null ? (
    <Link href={`/t/${slug}/runs/${item.runId}`} className={LINK}>
      run #{runNumber}
    </Link>
  ) : (
    <span>a deleted run</span>
  );
  const splitName = item.splitName ?? str(item.payload, 'splitName');
  const split: ReactNode = splitName ? (
    item.splitId ? (
      <Link href={`/t/${slug}/splits/${item.splitId}`} className={LINK}>
        {splitName}
      </Link>
    ) : (
      <span>{splitName}</span>
    )
  ) : null;
  const onSplit = split ? <> on {split}</> : null;

  switch (item.kind) {
    case 'run.launched':
      // An external run is reported by a script that trains elsewhere; Holdout launched nothing.
      return item.payload.external === true ? <>{actor} started reporting {run} from outside Holdout{onSplit}</> : <>{actor} launched {run}{onSplit}</>;
    case 'run.succeeded':
      return <>{actor}’s {run} finished{onSplit}</>;
    case 'run.failed': {
      const why = str(item.payload, 'failureKind');
      return <>{actor}’s {run} failed{why ? `: ${describeFailureKind(why)}` : ''}</>;
    }
    case 'run.cancelled':
      return <>{actor}’s {run} was cancelled</>;
    case 'sweep.launched': {
      const id = str(item.payload, 'sweepId');
      const label = `sweep #${str(item.payload, 'sweepNumber') ?? '?'} “${str(item.payload, 'sweepName') ?? ''}”`;
      return <>{actor} launched {id ? <Link href={`/t/${slug}/sweeps/${id}`} className={LINK}>{label}</Link> : label}{onSplit}</>;
    }
    case 'run.ready_for_review': {
      const asked = Array.isArray(item.payload.askedNames) ? (item.payload.askedNames as string[]).join(', ') : null;
      return asked ? <>{actor} asked {asked} to review {run}</> : <>{actor} asked for review of {run}</>;
    }
    case 'comment.posted':
      return <>{actor} {(item.payload as { reply?: boolean } | null)?.reply ? 'replied on' : 'commented on'} {run}</>;
    case 'review.approved':
      return <>{actor} approved {run}</>;
    case 'review.changes_requested':
      return <>{actor} requested changes on {run}</>;
    case 'split.frozen':
      return <>{actor} froze split {split ?? 'a split'}</>;
    case 'dataset.registered': {
      const id = str(item.payload, 'datasetId');
      const name = str(item.payload, 'datasetName') ?? 'a dataset';
      const version = num(item.payload, 'version');
      const dataset = id ? <Link href={`/t/${slug}/datasets/${id}`} className={LINK}>{name}</Link> : name;
      return <>{actor} registered {version && version > 1 ? <>version {version} of </> : 'dataset '}{dataset}</>;
    }
    case 'test_evaluation.completed': {
      if (str(item.payload, 'outcome') !== 'ok') return <>The test evaluation of {run} that {actor} asked for failed</>;
      const metric = str(item.payload, 'metric');
      const score = num(item.payload, 'score');
      const shown = score === null ? '' : metric && /accuracy|f1/i.test(metric) ? `${(score * 100).toFixed(1)}%` : score.toPrecision(3);
      return <>{actor} spent a test evaluation on {run}{score !== null ? <>: {metric ?? 'score'} <span className="font-medium tabular-nums">{shown}</span></> : null}</>;
    }
    case 'member.joined': {
      const role = str(item.payload, 'role');
      return <>{actor} joined the team{role ? ` as ${role}` : ''}</>;
    }
    default:
      return <>{actor} did something</>;
  }
}

/** A small mark per family of events, so a long feed can be scanned. */
export function activityTone(kind: ActivityItem['kind']): string {
  if (kind === 'run.failed' || kind === 'review.changes_requested') return 'bg-amber-500';
  if (kind === 'run.succeeded' || kind === 'review.approved') return 'bg-emerald-500';
  if (kind.startsWith('run.') ) return 'bg-indigo-400';
  if (kind === 'comment.posted') return 'bg-sky-400';
  return 'bg-slate-300';
}
