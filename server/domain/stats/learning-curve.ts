import 'server-only';
import { DomainError } from '../../shared/errors';

export type CurveStatus = 'diverged' | 'overfitting' | 'not-converged' | 'converged';

export interface LearningCurveOptions {
  /** Epochs at the end inspected for "still improving"; default max(2, 10% of epochs). */
  window?: number;
  /** Relative drop of the dev loss over the window that still counts as improving; default 0.01. */
  minRelativeImprovement?: number;
  /** Relative rise of the dev loss above its minimum that counts as overfitting; default 0.02. */
  overfitTolerance?: number;
  /**
   * The run ended by early stopping: its dev metric had stopped improving, so "train longer" is
   * the wrong advice, and the weights of `keptEpoch` are what the run saved.
   */
  earlyStopped?: { keptEpoch: number };
}

export interface LearningCurveAnalysis {
  status: CurveStatus;
  /** 1-based epoch the status refers to: first bad epoch, or the best dev epoch when overfitting. */
  epoch: number | null;
  summary: string;
  nextSteps: string[];
}

function argmin(xs: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if ((xs[i] as number) < (xs[best] as number)) best = i;
  return best;
}

const at = (xs: readonly number[], i: number): number => xs[i] as number;

/**
 * Reads the shape of per-epoch train/dev loss curves. Order of checks matters: a curve that
 * went NaN cannot be judged for overfitting, and a model that is overfitting should be stopped,
 * not trained longer, even if its training loss is still falling.
 */
export function analyzeLearningCurve(
  trainLoss: readonly number[],
  devLoss: readonly number[],
  options: LearningCurveOptions = {},
): LearningCurveAnalysis {
  const epochs = trainLoss.length;
  if (epochs === 0 || devLoss.length !== epochs) {
    throw new DomainError(
      'BAD_INPUT',
      `Need one train and one dev loss per epoch (got ${epochs} train and ${devLoss.length} dev values).`,
    );
  }
  const { minRelativeImprovement = 0.01, overfitTolerance = 0.02 } = options;
  const last = epochs - 1;

  const badIndex = trainLoss.findIndex((x, i) => !Number.isFinite(x) || !Number.isFinite(at(devLoss, i)));
  if (badIndex >= 0) {
    return {
      status: 'diverged',
      epoch: badIndex + 1,
      summary: `Training diverged: the loss became NaN or infinite at epoch ${badIndex + 1}.`,
      nextSteps: ['Lower the learning rate.', 'Clip gradients.', 'Check input normalization and labels for bad values.'],
    };
  }

  // Giving back more than half of the progress made is a blow-up, not noise around a plateau.
  const trainBest = argmin(trainLoss);
  if (at(trainLoss, last) - at(trainLoss, trainBest) > 0.5 * (at(trainLoss, 0) - at(trainLoss, trainBest))
      && trainBest < last) {
    return {
      status: 'diverged',
      epoch: trainBest + 2,
      summary: `Training loss is diverging: it has risen since epoch ${trainBest + 2} after its best at epoch ${trainBest + 1}.`,
      nextSteps: ['Lower the learning rate or add a decay schedule.', 'Clip gradients.'],
    };
  }

  const devBest = argmin(devLoss);
  const devRise = at(devLoss, last) - at(devLoss, devBest);
  if (devBest < last && devRise > overfitTolerance * Math.abs(at(devLoss, devBest)) && at(trainLoss, last) < at(trainLoss, devBest)) {
    return {
      status: 'overfitting',
      epoch: devBest + 1,
      summary:
        `Overfitting since epoch ${devBest + 1}: dev loss rose from ${at(devLoss, devBest).toPrecision(4)} ` +
        `to ${at(devLoss, last).toPrecision(4)} while training loss kept falling.`,
      nextSteps: [
        options.earlyStopped?.keptEpoch === devBest + 1
          ? `Early stopping already kept the weights from epoch ${devBest + 1}.`
          : `Use early stopping and keep the best weights (epoch ${devBest + 1}).`,
        'Add L2 regularization or dropout.',
        'Get more training data.',
      ],
    };
  }

  if (epochs === 1) {
    return { status: 'not-converged', epoch: null, summary: 'Only one epoch: too early to judge convergence.', nextSteps: ['Train longer.'] };
  }
  const window = Math.min(options.window ?? Math.max(2, Math.round(0.1 * epochs)), last);
  const from = at(devLoss, last - window);
  const drop = (from - at(devLoss, last)) / Math.abs(from || 1);
  if (drop > minRelativeImprovement && options.earlyStopped) {
    // Early stopping watched its own metric (maybe accuracy) and saw no progress for its patience.
    return {
      status: 'converged',
      epoch: null,
      summary: `Early stopping ended training after epoch ${epochs}: the dev metric it watches had stopped improving, though the dev loss still fell ${(drop * 100).toFixed(1)}% over the last ${window} epochs.`,
      nextSteps: ['More patience or a lower learning rate may still help a little; the bias/variance diagnosis says what to change next.'],
    };
  }
  if (drop > minRelativeImprovement) {
    return {
      status: 'not-converged',
      epoch: null,
      summary: `Not converged: dev loss fell ${(drop * 100).toFixed(1)}% over the last ${window} epochs and is still improving.`,
      nextSteps: ['Train longer.', 'Consider a higher learning rate or a schedule if progress is slow.'],
    };
  }
  return {
    status: 'converged',
    epoch: null,
    summary: `Converged: dev loss changed by less than ${(minRelativeImprovement * 100).toFixed(1)}% over the last ${window} epochs.`,
    nextSteps: ['More epochs will not help; use the bias/variance diagnosis to choose the next change.'],
  };
}
