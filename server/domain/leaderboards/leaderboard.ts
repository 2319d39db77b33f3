import 'server-only';
import { and, count, desc, eq, gt, isNotNull, isNull, or } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { datasetVersions, runs, splits, users } from '@/db/schema';
import type { BlobStore } from '@/server/shared/storage/blob-store';
import { DomainError } from '../../shared/errors';
import type { ModelConfig } from '../../shared/runs/model-config';
import { runNameOf } from '../../shared/runs/run-name';
import { percentileInterval } from '../../shared/stats/bootstrap';
import type { TaskKind } from '../stats/diagnosis';
import { wilsonInterval } from '../../shared/stats/wilson';
import { compareAdjacent, type ComparisonDto } from './compare';
import { resampledRuns, type ResampledScores } from './resampled';
import { devReuseOf, type DevReuseDto } from './dev-reuse';
import { fitOf, type FitDto } from './fit';
import { devBaseline, describeBaseline, storedPartSummaries, type DevBaseline } from '../splits/baseline';
import { replayLadder, type LadderDto } from './ladder-view';
import { checkMetricForTask, defaultMetric, HIGHER_IS_BETTER, metricsFor, type LeaderboardMetric } from './metrics';
import { predictionLoader } from './predictions';

/** Most recent succeeded runs considered; older ones are counted but not ranked. */
export const LEADERBOARD_RUN_CAP = 200;
export const BOOTSTRAP_SEED = 20_150_204;
export const BOOTSTRAP_RESAMPLES = 1000;

const SCORE_COLUMN = {
  accuracy: runs.devAccuracy,
  macroF1: runs.devMacroF1,
  rmse: runs.devRmse,
  mae: runs.devMae,
  r2: runs.devR2,
} as const;

export interface LeaderboardRowDto {
  rank: number;
  runId: string;
  runNumber: number;
  runName: string;
  /** Trained elsewhere and scored here from its dev predictions; what its script said about where it ran. */
  external: { source: Record<string, string> } | null;
  author: { id: string | null; name: string | null };
  createdAt: Date;
  score: number;
  /** 95% interval: Wilson (accuracy, n = dev size) or seeded percentile bootstrap over the dev rows. */
  ci: { lower: number; upper: number; method: 'wilson' | 'bootstrap' } | null;
  /** Against the next row below; null on the last row. */
  vsNext: ComparisonDto | null;
  fit: FitDto;
}

export interface LeaderboardDto {
  split: { id: string; name: string; taskKind: TaskKind; devCount: number; humanLevelError: number | null };
  metric: LeaderboardMetric;
  metrics: LeaderboardMetric[];
  higherIsBetter: boolean;
  rows: LeaderboardRowDto[];
  /** Which runs were considered: the most recent LEADERBOARD_RUN_CAP succeeded runs. */
  window: { included: number; total: number; capped: boolean; message: string | null };
  devReuse: DevReuseDto;
  ladder: LadderDto | null;
  /** What predicting a constant scores on dev, in the board's metric (null where it cannot be told from the split's summaries). */
  baseline: { description: string; score: number | null; detail: DevBaseline } | null;
}

/** The baseline's score in a leaderboard metric; macro F1 and MAE are not recoverable from the summaries. */
function baselineScore(baseline: DevBaseline, metric: LeaderboardMetric): number | null {
  if (baseline.kind === 'majority-class') return metric === 'accuracy' ? baseline.devAccuracy : null;
  if (metric === 'rmse') return baseline.devRmse;
  if (metric === 'r2') return baseline.devR2;
  return null;
}

export interface LeaderboardOptions {
  metric?: LeaderboardMetric;
  ladder?: boolean;
}

async function loadSplit(db: Database, teamId: string, splitId: string) {
  const [split] = await db
    .select({
      id: splits.id,
      name: splits.name,
      devCount: splits.devCount,
      humanLevelError: splits.humanLevelError,
      taskKind: datasetVersions.taskKind,
      partSummaries: storedPartSummaries,
    })
    .from(splits)
    .innerJoin(datasetVersions, eq(datasetVersions.id, splits.datasetVersionId))
    .where(and(eq(splits.id, splitId), eq(splits.teamId, teamId)));
  if (!split) throw new DomainError('NOT_FOUND', 'No such split in this team.');
  const { partSummaries, ...rest } = split;
  return { ...rest, baseline: devBaseline(partSummaries ?? undefined, split.taskKind) };
}

/** Every succeeded run of the team on one dev split, ranked, with honest uncertainty. */
export async function getLeaderboard(
  db: Database,
  blobs: BlobStore,
  teamId: string,
  splitId: string,
  options: LeaderboardOptions = {},
): Promise<LeaderboardDto> {
  const split = await loadSplit(db, teamId, splitId);
  const metric = options.metric ?? defaultMetric(split.taskKind);
  checkMetricForTask(metric, split.taskKind);
  const higherIsBetter = HIGHER_IS_BETTER[metric];

  // Archived runs leave the board; they still count as looks at dev below.
  const scope = and(eq(runs.teamId, teamId), eq(runs.splitId, splitId), eq(runs.status, 'succeeded'), isNull(runs.archivedAt));
  const [recent, [totals], [looks]] = await Promise.all([
    db
      .select({
        id: runs.id,
        number: runs.number,
        name: runs.name,
        config: runs.config,
        origin: runs.origin,
        source: runs.source,
        createdAt: runs.createdAt,
        createdById: runs.createdBy,
        createdByName: users.name,
        score: SCORE_COLUMN[metric],
        trainAccuracy: runs.trainAccuracy,
        devAccuracy: runs.devAccuracy,
        trainRmse: runs.trainRmse,
        devRmse: runs.devRmse,
        predictionsKey: runs.devPredictionsBlobKey,
      })
      .from(runs)
      .leftJoin(users, eq(users.id, runs.createdBy))
      .where(scope)
      .orderBy(desc(runs.createdAt), desc(runs.number))
      .limit(LEADERBOARD_RUN_CAP),
    db.select({ total: count() }).from(runs).where(scope),
    // Every run that was evaluated on dev at least once looked at it, including sweep trials stopped early.
    // An external run looked at dev when the server scored its dev predictions.
    db.select({ looks: count() }).from(runs).where(and(eq(runs.teamId, teamId), eq(runs.splitId, splitId), or(gt(runs.epochsDone, 0), isNotNull(runs.devPredictionsBlobKey)))),
  ]);
  const total = totals?.total ?? recent.length;
  const loader = predictionLoader(blobs);
  const predictions = await loader.loadAll(recent.map((r) => r.predictionsKey));
  const withPredictions = recent.map((run, i) => ({ ...run, predictions: predictions[i] ?? null }));

  const ranked = withPredictions
    .filter((r): r is typeof r & { score: number } => r.score !== null && Number.isFinite(r.score))
    .sort(
      (a, b) =>
        (higherIsBetter ? b.score - a.score : a.score - b.score) ||
        a.createdAt.getTime() - b.createdAt.getTime() ||
        a.number - b.number,
    );

  const resampled = metric === 'accuracy' ? null : resampledRuns(metric, ranked, { seed: BOOTSTRAP_SEED, resamples: BOOTSTRAP_RESAMPLES });
  const rows: LeaderboardRowDto[] = ranked.map((run, i) => {
    const below = ranked[i + 1];
    return {
      rank: i + 1,
      runId: run.id,
      runNumber: run.number,
      runName: run.origin === 'external' ? (run.name ?? 'External run') : runNameOf({ name: run.name, config: run.config as ModelConfig }),
      external: run.origin === 'external' ? { source: run.source ?? {} } : null,
      author: { id: run.createdById, name: run.createdByName },
      createdAt: run.createdAt,
      score: run.score,
      ci: intervalOf(metric, run.score, resampled?.[i] ?? null, split.devCount),
      vsNext: below
        ? compareAdjacent(
            metric,
            { number: run.number, predictions: run.predictions, resampled: resampled?.[i] },
            { number: below.number, predictions: below.predictions, resampled: resampled?.[i + 1] },
            BOOTSTRAP_SEED,
          )
        : null,
      fit: fitOf(split.taskKind, run, split.humanLevelError, split.devCount, split.baseline),
    };
  });

  const capped = total > recent.length;
  return {
    split: { id: split.id, name: split.name, taskKind: split.taskKind, devCount: split.devCount, humanLevelError: split.humanLevelError },
    metric,
    metrics: metricsFor(split.taskKind),
    higherIsBetter,
    rows,
    window: {
      included: recent.length,
      total,
      capped,
      message: capped
        ? `Showing the ${recent.length} most recent of ${total} succeeded runs on this split; older runs are not ranked.`
        : null,
    },
    devReuse: devReuseOf(Math.max(total, looks?.looks ?? 0)),
    ladder: options.ladder === false ? null : replayLadder(metric, [...withPredictions].reverse()),
    baseline: split.baseline ? { description: describeBaseline(split.baseline), score: baselineScore(split.baseline, metric), detail: split.baseline } : null,
  };
}

function intervalOf(
  metric: LeaderboardMetric,
  score: number,
  resampled: ResampledScores | null,
  devCount: number,
): LeaderboardRowDto['ci'] {
  if (metric === 'accuracy') {
    if (devCount < 1) return null;
    const k = Math.min(devCount, Math.max(0, Math.round(score * devCount)));
    const w = wilsonInterval(k, devCount);
    return { lower: w.lower, upper: w.upper, method: 'wilson' };
  }
  if (!resampled) return null;
  return { ...percentileInterval(resampled.scores), method: 'bootstrap' };
}
