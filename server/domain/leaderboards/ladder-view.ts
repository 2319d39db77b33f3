import 'server-only';
import { Ladder } from '../stats/ladder';
import { ladderLoss, type LadderLossKind, type LeaderboardMetric } from './metrics';
import { sameRows, type DevPredictions } from './predictions';

export interface LadderStepDto {
  round: number;
  runId: string;
  runNumber: number;
  createdAt: Date;
  /** Mean per-row loss the board shows after this submission (lower is better). */
  releasedLoss: number;
  /** The released loss in the metric's own units, when the metric is a mean of per-row losses. */
  releasedScore: number | null;
  /** Whether this run moved the released score. */
  updated: boolean;
}

export interface LadderDto {
  mechanism: 'parameter-free-ladder';
  loss: LadderLossKind;
  steps: LadderStepDto[];
  /** Run ids that moved the board, in order. */
  movedBoard: string[];
  /** Runs left out: no readable predictions, or scored on other dev rows than the first run. */
  skippedRunIds: string[];
  note: string;
}

interface Submission {
  id: string;
  number: number;
  createdAt: Date;
  predictions: DevPredictions | null;
}

/**
 * Replays runs, oldest first, through the parameter-free Ladder (Blum & Hardt, 2015): a run moves
 * the released score only when it beats the current leader by about one standard error on the
 * same dev rows, so the board does not reward many small adaptive probes of the dev set.
 */
export function replayLadder(metric: LeaderboardMetric, chronological: Submission[]): LadderDto {
  const reference = chronological.find((s) => s.predictions && s.predictions.rows.length >= 2)?.predictions ?? null;
  const skippedRunIds: string[] = [];
  const steps: LadderStepDto[] = [];
  const loss = reference ? ladderLoss(metric, reference) : null;
  const board = new Ladder();
  for (const s of chronological) {
    if (!reference || !loss || !s.predictions || !sameRows(s.predictions, reference)) {
      skippedRunIds.push(s.id);
      continue;
    }
    const step = board.submit(loss.losses(s.predictions));
    steps.push({
      round: step.round,
      runId: s.id,
      runNumber: s.number,
      createdAt: s.createdAt,
      releasedLoss: step.released,
      releasedScore: loss.toScore(step.released),
      updated: step.updated,
    });
  }
  const kind = loss?.kind ?? (metric === 'accuracy' || metric === 'macroF1' ? 'zero-one' : 'relative-squared-error');
  return {
    mechanism: 'parameter-free-ladder',
    loss: kind,
    steps,
    movedBoard: steps.filter((s) => s.updated).map((s) => s.runId),
    skippedRunIds,
    note:
      kind === 'zero-one'
        ? metric === 'macroF1'
          ? 'Macro F1 is not a mean of per-row losses; this Ladder uses the 0/1 loss (classification error).'
          : 'Released score = accuracy; a run moves the board only when it beats the leader by about one standard error.'
        : 'Regression losses are divided by the dev targets\' spread so the Ladder\'s 1/n rounding keeps their resolution.',
  };
}
