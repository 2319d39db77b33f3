'use client';

import { ExternalBadge } from '@/app/components/runs/external-badge';
import { PageError } from '@/app/components/ui/page-error';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { Card } from '@/app/components/ui/card';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import type { RouterInputs, RouterOutputs } from '@/app/lib/router-types';
import { formatNumber, formatPercent } from '@/app/lib/format';
import { useTRPC } from '@/app/lib/trpc';
import { LadderHistory } from './ladder-history';

type Metric = NonNullable<RouterInputs['leaderboard']['get']['metric']>;
type Board = RouterOutputs['leaderboard']['get'];
type Row = Board['rows'][number];

const METRIC_LABEL: Record<Metric, string> = { accuracy: 'Accuracy', macroF1: 'Macro F1', rmse: 'RMSE', mae: 'MAE', r2: 'R²' };
const REUSE_STYLE = {
  ok: 'bg-slate-50 text-slate-600 ring-slate-200',
  notice: 'bg-amber-50 text-amber-800 ring-amber-200',
  warning: 'bg-rose-50 text-rose-800 ring-rose-300',
} as const;
const VERDICT: Record<string, { text: string; tone: string }> = {
  'worse-than-baseline': { text: 'below baseline', tone: 'bg-rose-50 text-rose-800' },
  'high-bias': { text: 'high bias', tone: 'bg-amber-50 text-amber-800' },
  'high-variance': { text: 'high variance', tone: 'bg-sky-50 text-sky-800' },
  'high-bias-and-variance': { text: 'bias + variance', tone: 'bg-rose-50 text-rose-800' },
  'good-fit': { text: 'good fit', tone: 'bg-emerald-50 text-emerald-800' },
};
const TH = 'px-2.5 py-2 text-left text-xs font-medium whitespace-nowrap text-slate-500';

/** `/t/[slug]/splits/[splitId]/leaderboard?metric=…&ladder=0`: the team's shared dev leaderboard. */
export function LeaderboardPage({ splitId }: { splitId: string }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const metricParam = params.get('metric') as Metric | null;
  const ladder = params.get('ladder') !== '0';
  const [topN, setTopN] = useState(5);
  const board = useQuery(
    trpc.leaderboard.get.queryOptions({ teamId: team.id, splitId, metric: metricParam && metricParam in METRIC_LABEL ? metricParam : undefined, ladder }),
  );
  const go = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(patch)) (v === null ? next.delete(k) : next.set(k, v));
    const q = next.toString();
    router.replace(q ? `${pathname}?${q}` : pathname, { scroll: false });
  };

  if (board.isError) return <PageError error={board.error} what="split" back={{ href: `/t/${team.slug}/datasets`, label: 'Back to the datasets' }} />;
  if (!board.data) return <p className="text-sm text-slate-500">Loading leaderboard…</p>;
  const b = board.data;
  const percent = b.metric === 'accuracy';
  const fmt = (v: number | null) => (v === null ? '—' : percent ? formatPercent(v) : formatNumber(v));
  const errFmt = (v: number | null) => (v === null ? '—' : b.split.taskKind === 'classification' ? formatPercent(v) : formatNumber(v));
  const top = b.rows.slice(0, topN).map((r) => r.runId);
  // The baseline sits where its score falls among the ranked rows: every run above it beats a constant.
  const baselineScore = b.baseline?.score ?? null;
  const baselineAt =
    baselineScore === null ? -1 : b.rows.filter((r) => (b.higherIsBetter ? r.score > baselineScore : r.score < baselineScore)).length;
  const moved = new Set(b.ladder?.movedBoard ?? []);
  // One scale for every CI bar, so widths and positions compare across rows.
  const ends = b.rows.flatMap((r) => (r.ci ? [r.ci.lower, r.ci.upper] : [r.score]));
  const scale = { lo: Math.min(...ends), hi: Math.max(...ends) };

  return (
    <div className="space-y-6">
      <Card
        title={`Leaderboard · ${b.split.name}`}
        description={`${b.split.taskKind} · ${b.split.devCount.toLocaleString('en-US')} dev rows · ${b.higherIsBetter ? 'higher' : 'lower'} is better`}
        actions={
          <div className="flex items-center gap-2 text-sm">
            <select aria-label="How many top runs" value={topN} onChange={(e) => setTopN(Number(e.target.value))} className="rounded-md border-0 py-1.5 pr-7 pl-2 text-sm ring-1 ring-inset ring-slate-300">
              {[2, 3, 5, 10, 20].map((n) => (
                <option key={n} value={n}>
                  Top {n}
                </option>
              ))}
            </select>
            {top.length > 0 && (
              <Link
                href={`/t/${team.slug}/compare?runs=${top.join(',')}&baseline=${top[0]}`}
                className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white shadow-sm hover:bg-indigo-500"
              >
                Compare top {Math.min(topN, b.rows.length)}
              </Link>
            )}
          </div>
        }
      >
        <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
          <div role="group" aria-label="Metric" className="flex rounded-md ring-1 ring-slate-300">
            {b.metrics.map((m) => (
              <button
                key={m}
                type="button"
                aria-pressed={m === b.metric}
                onClick={() => go({ metric: m })}
                className={`px-3 py-1.5 text-sm first:rounded-l-md last:rounded-r-md ${m === b.metric ? 'bg-indigo-600 text-white' : 'text-slate-700 hover:bg-slate-50'}`}
              >
                {METRIC_LABEL[m]}
              </button>
            ))}
          </div>
          <label className="flex items-center gap-2 text-sm text-slate-600">
            <input type="checkbox" className="size-4 rounded border-slate-300" checked={ladder} onChange={(e) => go({ ladder: e.target.checked ? null : '0' })} />
            Ladder (guards against overfitting the dev split)
          </label>
        </div>
        <p role={b.devReuse.level === 'ok' ? undefined : 'alert'} className={`mb-4 rounded-md px-2.5 py-2 text-sm ring-1 ring-inset ${REUSE_STYLE[b.devReuse.level]}`}>
          <b className="font-semibold tabular-nums">{b.devReuse.runsScored}</b> dev evaluation{b.devReuse.runsScored === 1 ? "" : "s"} · {b.devReuse.message}
        </p>
        {b.window.message && <p className="mb-3 text-xs text-slate-500">{b.window.message}</p>}
        {b.baseline && b.baseline.score === null && (
          <p className="mb-3 text-xs text-slate-500">The baseline ({b.baseline.description}) has no {METRIC_LABEL[b.metric]} the split&apos;s summaries can tell; see it on the {b.split.taskKind === 'classification' ? 'accuracy' : 'RMSE'} board.</p>
        )}
        {b.rows.length === 0 ? (
          <p className="py-6 text-center text-sm text-slate-500">No succeeded runs with a {METRIC_LABEL[b.metric]} on this split yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead className="border-b border-slate-200">
                <tr>
                  <th colSpan={6} />
                  <th colSpan={5} className="border-l border-slate-100 px-2.5 pt-1 text-left text-[11px] font-semibold text-slate-500 uppercase">
                    Bias / variance · human-level{' '}
                    {b.split.humanLevelError === null ? (
                      <Link href={`/t/${team.slug}/splits/${b.split.id}`} className="font-medium normal-case text-indigo-700 hover:underline" title="Avoidable bias and the fit verdict need the split's human-level error">
                        not set — set it on the split
                      </Link>
                    ) : (
                      errFmt(b.split.humanLevelError)
                    )}
                  </th>
                </tr>
                <tr>
                  <th className={`${TH} text-right`}>#</th>
                  <th className={TH}>Run</th>
                  <th className={TH}>Author</th>
                  <th className={`${TH} text-right`}>{METRIC_LABEL[b.metric]}</th>
                  <th className={TH}>95% CI</th>
                  <th className={TH}>vs next</th>
                  <th className={`${TH} border-l border-slate-100 text-right`} title="Final train error">Train err</th>
                  <th className={`${TH} text-right`}>Dev err</th>
                  <th className={`${TH} text-right`} title="train − human">Avoid. bias</th>
                  <th className={`${TH} text-right`} title="dev − train">Variance</th>
                  <th className={TH}>Fit</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {b.rows.map((row, i) => (
                  <Fragment key={row.runId}>
                    {i === baselineAt && <BaselineRow description={b.baseline!.description} score={fmt(b.baseline!.score)} />}
                    {/* Rows the paired test cannot tell apart form one group; a new group starts where it can. */}
                    {i > 0 && b.rows[i - 1]!.vsNext?.significant === true && (
                      <tr aria-label="Group boundary">
                        <td colSpan={11} className="bg-slate-50 px-2.5 py-1 text-[11px] text-slate-500">
                          Clearly behind the runs above ({b.rows[i - 1]!.vsNext!.text.replace(/^.*\((p [^)]*)\)$/, '$1')}); the runs within a group cannot be told apart on these dev rows.
                        </td>
                      </tr>
                    )}
                    <LeaderRow row={row} slug={team.slug} fmt={fmt} errFmt={errFmt} scale={scale} moved={ladder && moved.has(row.runId)} />
                  </Fragment>
                ))}
                {baselineAt === b.rows.length && <BaselineRow description={b.baseline!.description} score={fmt(b.baseline!.score)} />}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      {b.ladder && (
        <Card title="Ladder: released best over time" description="What the board would have shown after each submission, oldest first (Blum & Hardt, 2015).">
          <LadderHistory ladder={b.ladder} percent={percent} slug={team.slug} />
        </Card>
      )}
    </div>
  );
}

/** A run-less row at the baseline's place in the ranking. */
function BaselineRow({ description, score }: { description: string; score: string }) {
  return (
    <tr aria-label="Baseline" className="bg-slate-50/80">
      <td className="px-2.5 py-1.5 text-right text-slate-400">–</td>
      <td colSpan={2} className="px-2.5 py-1.5 text-xs font-medium text-slate-600">
        Baseline <span className="font-normal text-slate-500">· {description}</span>
      </td>
      <td className="px-2.5 py-1.5 text-right font-medium tabular-nums text-slate-600">{score}</td>
      <td colSpan={7} className="px-2.5 py-1.5 text-xs text-slate-500">
        Runs below this line do no better than a constant.
      </td>
    </tr>
  );
}

function LeaderRow({
  row,
  slug,
  fmt,
  errFmt,
  scale,
  moved,
}: {
  row: Row;
  slug: string;
  fmt: (v: number | null) => string;
  errFmt: (v: number | null) => string;
  scale: { lo: number; hi: number };
  moved: boolean;
}) {
  const pos = (v: number) => (scale.hi > scale.lo ? ((v - scale.lo) / (scale.hi - scale.lo)) * 100 : 50);
  const verdict = row.fit.verdict ? VERDICT[row.fit.verdict] : null;
  const vs = row.vsNext;
  return (
    <tr className="hover:bg-slate-50">
      <td className="px-2.5 py-2 text-right font-semibold tabular-nums text-slate-900">{row.rank}</td>
      <td className="px-2.5 py-2 whitespace-nowrap">
        <Link href={`/t/${slug}/runs/${row.runId}`} className="font-medium text-indigo-700 hover:underline">
          #{row.runNumber}
        </Link>
        <span className="ml-1.5 text-xs text-slate-600">{row.runName}</span>
        {row.external && (
          <span className="ml-1.5">
            <ExternalBadge source={row.external.source} />
          </span>
        )}
        {moved && (
          <span className="ml-1.5 rounded bg-indigo-50 px-1 text-[10px] text-indigo-700" title="This run moved the Ladder's released score">
            moved board
          </span>
        )}
      </td>
      <td className="px-2.5 py-2 whitespace-nowrap text-slate-700">{row.author.name ?? '—'}</td>
      <td className="px-2.5 py-2 text-right font-medium tabular-nums text-slate-900">{fmt(row.score)}</td>
      <td className="px-2.5 py-2">
        {row.ci ? (
          <div className="flex items-center gap-2" title={`95% interval (${row.ci.method === 'wilson' ? 'Wilson' : 'bootstrap over dev rows'}); the bars share the board's own range`}>
            <div className="relative h-3 w-24 shrink-0 rounded bg-slate-100">
              <span className="absolute top-1 h-1 rounded bg-indigo-300" style={{ left: `${pos(row.ci.lower)}%`, width: `${Math.max(1, pos(row.ci.upper) - pos(row.ci.lower))}%` }} />
              <span className="absolute top-0 h-3 w-0.5 bg-indigo-700" style={{ left: `${pos(row.score)}%` }} />
            </div>
            <span className="text-xs whitespace-nowrap tabular-nums text-slate-600">
              {fmt(row.ci.lower)} – {fmt(row.ci.upper)}
            </span>
          </div>
        ) : (
          <span className="text-xs text-slate-400">no per-row predictions</span>
        )}
      </td>
      <td className={`min-w-32 px-2.5 py-2 text-xs leading-snug ${vs?.significant ? 'font-medium text-emerald-700' : 'text-slate-400'}`} title={vs?.text}>
        {vs ? (vs.significant ? vs.text : `≈ #${vs.againstRunNumber}`) : '—'}
      </td>
      <td className="border-l border-slate-100 px-2.5 py-2 text-right tabular-nums text-slate-600">{errFmt(row.fit.trainError)}</td>
      <td className="px-2.5 py-2 text-right tabular-nums text-slate-600">{errFmt(row.fit.devError)}</td>
      <td className="px-2.5 py-2 text-right tabular-nums text-slate-600">{errFmt(row.fit.avoidableBias)}</td>
      <td className="px-2.5 py-2 text-right tabular-nums text-slate-600">{errFmt(row.fit.variance)}</td>
      <td className="px-2.5 py-2 whitespace-nowrap">
        {verdict ? (
          <span className={`rounded px-1.5 py-0.5 text-xs ${verdict.tone}`} title={row.fit.summary}>
            {verdict.text}
          </span>
        ) : (
          <span className="text-xs text-slate-400" title={row.fit.summary}>
            —
          </span>
        )}
      </td>
    </tr>
  );
}
