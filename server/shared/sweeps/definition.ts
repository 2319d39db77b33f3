import { z } from 'zod';
import { earlyStoppingMetricSchema, EPOCH_METRIC_KEY, HIGHER_IS_BETTER, METRICS_FOR_TASK, type EarlyStoppingMetric, type TaskKind } from '../runs/model-config';
import { earlyStopSchema, rungEpochs, type Direction } from './early-stopping';
import { gridSize, searchSpaceSchema } from './space';

/**
 * What a sweep is, as a person launches it (the tRPC input and the stored row share it).
 * The goal is always a dev-split metric: a sweep compares configurations on the dev split and
 * never sees the test split.
 */
export const SWEEP_STRATEGIES = ['grid', 'random', 'tpe'] as const;
export const sweepStrategySchema = z.enum(SWEEP_STRATEGIES);
export type SweepStrategy = z.infer<typeof sweepStrategySchema>;


export const MAX_SWEEP_TRIALS = 1000;

export const sweepBudgetSchema = z.object({
  maxTrials: z.int('maxTrials is a whole number').min(1, 'a sweep needs at least 1 trial').max(MAX_SWEEP_TRIALS, `at most ${MAX_SWEEP_TRIALS} trials per sweep`),
  /** Total epochs over every trial (stopped trials count the epochs they trained); null: no limit. */
  maxEpochs: z.int('maxEpochs is a whole number').min(1, 'maxEpochs is at least 1').max(10_000_000, 'maxEpochs is at most 10000000').nullable(),
  concurrency: z.int('concurrency is a whole number').min(1, 'concurrency is at least 1 (trials trained at once)').max(64, 'at most 64 trials at once'),
});

export const sweepDefinitionSchema = z.object({
  goal: earlyStoppingMetricSchema,
  strategy: sweepStrategySchema,
  space: searchSpaceSchema,
  earlyStop: earlyStopSchema,
  /** Seeds per configuration: 1 is one run each; more compare configurations on their mean. */
  replicates: z.int('replicates is a whole number').min(1, 'at least 1 seed per configuration').max(10, 'at most 10 seeds per configuration'),
  budget: sweepBudgetSchema,
  /** Seeds the sampler, so a random or TPE sweep proposes the same configurations again. */
  seed: z.int('the seed is a whole number').min(0, 'the seed is 0 or more').max(2 ** 31 - 1, 'the seed is at most 2147483647'),
  /** TPE only: finished runs already on the split whose configs are points of the space seed the model. */
  warmStart: z.boolean().default(false),
});
export type SweepDefinition = z.infer<typeof sweepDefinitionSchema>;

export function directionOf(goal: EarlyStoppingMetric): Direction {
  return HIGHER_IS_BETTER.has(goal) ? 'maximize' : 'minimize';
}

/** A goal the task computes; null if fine, else the reason naming the field. */
export function goalIssue(goal: EarlyStoppingMetric, taskKind: TaskKind): string | null {
  const allowed = METRICS_FOR_TASK[taskKind];
  return allowed.includes(goal) ? null : `goal: ${goal} is not computed for ${taskKind}; use ${[...allowed].join(', ')}`;
}

/** The goal's value in one epoch's metrics, as the trainer reports them. */
export function goalOfEpoch(goal: EarlyStoppingMetric, epoch: { devLoss: number; devMetrics: Record<string, number> }): number {
  if (goal === 'devLoss') return epoch.devLoss;
  return epoch.devMetrics[EPOCH_METRIC_KEY[goal]] ?? Number.NaN;
}

/** The most epochs one trial can train: the largest `epochs` the space can give, else the base config's. */
export function epochsPerTrial(definition: Pick<SweepDefinition, 'space'>, baseEpochs: number): number {
  const epochs = definition.space.epochs;
  if (!epochs) return baseEpochs;
  return Math.max(...(epochs.kind === 'categorical' ? epochs.values.map(Number) : [epochs.high]));
}

export interface BudgetPreview {
  /** Grid: configurations in the grid; otherwise null. */
  gridConfigurations: number | null;
  trials: number;
  rungs: number[];
  /** The most epochs the sweep can train: every trial to its last epoch, capped by maxEpochs. */
  epochsAtMost: number;
}

/** What the launch form shows before launch, and the refusals that need the whole definition. */
export function previewBudget(definition: SweepDefinition, epochsPerTrial: number): { ok: true; preview: BudgetPreview } | { ok: false; message: string } {
  let trials = definition.budget.maxTrials;
  let gridConfigurations: number | null = null;
  if (definition.strategy === 'grid') {
    const grid = gridSize(definition.space);
    if ('error' in grid) return { ok: false, message: `space: ${grid.error}` };
    gridConfigurations = grid.size;
    const needed = grid.size * definition.replicates;
    if (needed > definition.budget.maxTrials) {
      return { ok: false, message: `budget.maxTrials: the grid has ${grid.size} configurations × ${definition.replicates} seed${definition.replicates === 1 ? '' : 's'} = ${needed} trials, more than the budget of ${definition.budget.maxTrials}; raise maxTrials or shrink the grid` };
    }
    trials = needed;
  } else {
    // Every configuration trains on all its seeds, so the trial budget is spent in whole configurations.
    if (definition.replicates > trials) {
      return { ok: false, message: `budget.maxTrials: ${trials} trial${trials === 1 ? '' : 's'} cannot hold one configuration over ${definition.replicates} seeds; raise maxTrials to at least ${definition.replicates}` };
    }
    trials -= trials % definition.replicates;
  }
  const rungs = definition.earlyStop.kind === 'asha' ? rungEpochs(definition.earlyStop.gracePeriod, definition.earlyStop.reductionFactor, epochsPerTrial) : [];
  if (definition.earlyStop.kind !== 'off' && definition.earlyStop.gracePeriod >= epochsPerTrial) {
    return { ok: false, message: `earlyStop.gracePeriod: ${definition.earlyStop.gracePeriod} epochs is not below the ${epochsPerTrial} epochs a trial trains, so no trial could ever be stopped` };
  }
  const all = trials * epochsPerTrial;
  return { ok: true, preview: { gridConfigurations, trials, rungs, epochsAtMost: definition.budget.maxEpochs === null ? all : Math.min(all, definition.budget.maxEpochs) } };
}
