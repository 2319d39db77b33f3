import { and, eq, gte, inArray, lte, ne, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { runEpochs, sweepRungValues, sweeps, sweepTrials } from '@/db/schema';
import { EPOCH_METRIC_KEY, METRIC_NAMES, type EarlyStoppingMetric } from '../runs/model-config';
import { directionOf, sweepDefinitionSchema } from './definition';
import { ashaVerdict, medianVerdict, rungEpochs, type Direction, type EarlyStop } from './early-stopping';

/**
 * Early stopping of a sweep's trials, judged epoch by epoch by the worker training the trial (the
 * trainer child never sees the database). The verdict is taken under the sweep's row lock, so two
 * trials reaching a rung at once are judged one after the other, exactly as ASHA's asynchronous
 * rule reads: each against the values recorded at that rung before it.
 */

export interface TrialJudge {
  trialId: string;
  sweepId: string;
  goal: EarlyStoppingMetric;
  direction: Direction;
  /** Off for confirmation trials and sweeps without early stopping: the value is still tracked. */
  earlyStop: EarlyStop;
  epochsPlanned: number;
}

export type EpochVerdict = { stop: false } | { stop: true; message: string };

/** The sweep trial a run trains, or null for a run launched by hand. */
export async function trialOfRun(db: Database, runId: string): Promise<TrialJudge | null> {
  const [row] = await db
    .select({ trialId: sweepTrials.id, sweepId: sweepTrials.sweepId, judged: sweepTrials.judged, epochsPlanned: sweepTrials.epochsPlanned, definition: sweeps.definition })
    .from(sweepTrials)
    .innerJoin(sweeps, eq(sweeps.id, sweepTrials.sweepId))
    .where(eq(sweepTrials.runId, runId));
  if (!row) return null;
  const definition = sweepDefinitionSchema.parse(row.definition);
  return {
    trialId: row.trialId,
    sweepId: row.sweepId,
    goal: definition.goal,
    direction: directionOf(definition.goal),
    earlyStop: row.judged ? definition.earlyStop : { kind: 'off' },
    epochsPlanned: row.epochsPlanned,
  };
}

/** Best of two goal values in the goal's direction (NaN never wins). */
export function better(direction: Direction, a: number | null, b: number): number {
  if (a === null || !Number.isFinite(a)) return b;
  if (!Number.isFinite(b)) return a;
  return direction === 'maximize' ? Math.max(a, b) : Math.min(a, b);
}

/** Records the trial's best value after `epoch` and decides whether it trains on. */
export async function judgeEpoch(db: Database, judge: TrialJudge, epoch: number, bestSoFar: number): Promise<EpochVerdict> {
  return db.transaction(async (tx) => {
    await tx.select({ id: sweeps.id }).from(sweeps).where(eq(sweeps.id, judge.sweepId)).for('update');
    const [trial] = await tx
      .update(sweepTrials)
      .set({ value: Number.isFinite(bestSoFar) ? bestSoFar : null, epochsDone: sql`GREATEST(${sweepTrials.epochsDone}, ${epoch})` })
      .where(and(eq(sweepTrials.id, judge.trialId), inArray(sweepTrials.status, ['queued', 'running']), sql`${sweepTrials.stoppedAtEpoch} IS NULL`))
      .returning({ runId: sweepTrials.runId });
    if (!trial) return { stop: false };
    const rule = judge.earlyStop;
    if (rule.kind === 'off' || epoch >= judge.epochsPlanned) return { stop: false };
    let verdict: { stop: boolean; threshold: number | null };
    let message: (threshold: number | null) => string;
    if (rule.kind === 'asha') {
      const rungs = rungEpochs(rule.gracePeriod, rule.reductionFactor, judge.epochsPlanned);
      const rung = rungs.indexOf(epoch);
      if (rung < 0) return { stop: false };
      const recorded = await tx
        .select({ value: sweepRungValues.value })
        .from(sweepRungValues)
        .where(and(eq(sweepRungValues.sweepId, judge.sweepId), eq(sweepRungValues.rung, epoch)));
      verdict = ashaVerdict(recorded.map((r) => r.value), bestSoFar, rule.reductionFactor, judge.direction);
      await tx
        .insert(sweepRungValues)
        .values({ sweepId: judge.sweepId, rung: epoch, trialId: judge.trialId, value: Number.isFinite(bestSoFar) ? bestSoFar : worst(judge.direction), promoted: !verdict.stop, threshold: verdict.threshold })
        .onConflictDoNothing();
      message = (threshold) =>
        threshold === null
          ? `Stopped by ASHA at rung ${rung + 1} (epoch ${epoch}): its ${label(judge.goal)} is not a number.`
          : `Stopped by ASHA at rung ${rung + 1} (epoch ${epoch}): its best ${label(judge.goal)} ${format(bestSoFar)} is ${judge.direction === 'maximize' ? 'below' : 'above'} the threshold ${format(threshold)}, the top 1/${rule.reductionFactor} of the ${recorded.length} trial${recorded.length === 1 ? '' : 's'} that reached this rung before it.`;
    } else {
      if (epoch < rule.gracePeriod) return { stop: false };
      const others = await runningAverages(tx, judge, epoch);
      verdict = medianVerdict(bestSoFar, others, rule.minTrials, judge.direction);
      message = (threshold) =>
        threshold === null
          ? `Stopped by the median rule at epoch ${epoch}: its ${label(judge.goal)} is not a number.`
          : `Stopped by the median rule at epoch ${epoch}: its best ${label(judge.goal)} ${format(bestSoFar)} is worse than the median ${format(threshold)} of the running averages of the ${others.length} other trials at this epoch.`;
    }
    if (!verdict.stop) return { stop: false };
    const reason = message(verdict.threshold);
    await tx.update(sweepTrials).set({ stoppedAtEpoch: epoch, stoppedThreshold: verdict.threshold, reason }).where(eq(sweepTrials.id, judge.trialId));
    return { stop: true, message: reason };
  });
}

/** The other trials' mean goal over epochs 1…t, for those that reached epoch t (the median rule's yardstick). */
async function runningAverages(tx: Database, judge: TrialJudge, epoch: number): Promise<number[]> {
  const value = epochGoal(judge.goal);
  const rows = await tx
    .select({ average: sql<number>`avg(${value})::float8`, reached: sql<number>`max(${runEpochs.epoch})` })
    .from(sweepTrials)
    .innerJoin(runEpochs, eq(runEpochs.runId, sweepTrials.runId))
    .where(and(eq(sweepTrials.sweepId, judge.sweepId), ne(sweepTrials.id, judge.trialId), lte(runEpochs.epoch, epoch)))
    .groupBy(sweepTrials.id)
    .having(gte(sql`max(${runEpochs.epoch})`, epoch));
  return rows.map((r) => Number(r.average));
}

/** The goal's value in a run_epochs row, as SQL. */
export function epochGoal(goal: EarlyStoppingMetric) {
  return goal === 'devLoss' ? runEpochs.devLoss : sql<number>`(${runEpochs.devMetrics} ->> ${EPOCH_METRIC_KEY[goal]})::float8`;
}

function label(goal: EarlyStoppingMetric): string {
  return METRIC_NAMES[goal];
}

function worst(direction: Direction): number {
  return direction === 'maximize' ? -Number.MAX_VALUE : Number.MAX_VALUE;
}

function format(value: number): string {
  return Number.isFinite(value) ? value.toPrecision(4) : String(value);
}
