import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { Database } from '@/db/client';
import { runs, sweepRungValues, sweeps, sweepTrials } from '@/db/schema';
import { isActiveTrialStatus } from '@/db/schema/sweep-status';
import { createRng } from '../stats/random';
import { insertRunWithJob, runSplitOf, type RunSplit } from '../runs/enqueue';
import { modelConfigSchema, type ModelConfig } from '../runs/model-config';
import { notifyRunChange } from '../runs/notify';
import { directionOf, sweepDefinitionSchema, type SweepDefinition } from './definition';
import { sampleRandom } from './samplers';
import { assignmentFromConfig, assignmentKey, configFor, gridAssignment, gridSize, type Assignment } from './space';
import { sampleTpe, type Observation } from './tpe';

/**
 * The sweep scheduler: decides, under a lock on the sweep's row, what its trials' runs mean for
 * the sweep and which trials train next. It runs wherever something changes a sweep — a worker
 * whose trial just ended, a person's action, and every worker's 5-second timer (which is how a
 * sweep resumes after a restart) — and the row lock makes any number of them at once safe: two
 * workers finishing trials together never launch one trial too many.
 */

type SweepRow = typeof sweeps.$inferSelect;
type TrialRow = typeof sweepTrials.$inferSelect;
const isActiveTrial = (t: TrialRow) => isActiveTrialStatus(t.status);

/** A lost worker or a restart is not the trial's fault: it trains again once, on a new run. */
const RETRIED_FAILURES = new Set(['worker_lost', 'restarted', 'crashed']);
const MAX_ATTEMPTS = 2;
/** Warm start reads at most this many earlier runs of the split. */
const WARM_START_RUNS = 500;

export async function advanceSweep(db: Database, boss: PgBoss, sweepId: string, options: { skipLocked?: boolean } = {}): Promise<void> {
  const changed = await db.transaction(async (tx) => {
    const query = tx.select().from(sweeps).where(eq(sweeps.id, sweepId));
    const [sweep] = await (options.skipLocked ? query.for('update', { skipLocked: true }) : query.for('update'));
    if (!sweep || sweep.status === 'completed' || sweep.status === 'cancelled') return null;
    const split = await runSplitOf(tx, sweep.teamId, sweep.splitId);
    if (!split) return null;
    const definition = sweepDefinitionSchema.parse(sweep.definition);
    const base = modelConfigSchema.parse(sweep.baseConfig);
    let changed = await syncTrials(tx, boss, sweep, definition, split);
    if (sweep.status === 'running') changed = (await launchTrials(tx, boss, sweep, definition, base, split)) || changed;
    return changed ? sweep : null;
  });
  if (changed) await notifyRunChange(db, changed.teamId, changed.id, 'status');
}

/** Every sweep that may have work to do (the timer's sweep: restarts, lost workers, missed wake-ups). */
export async function advanceActiveSweeps(db: Database, boss: PgBoss): Promise<void> {
  const active = await db.select({ id: sweeps.id }).from(sweeps).where(inArray(sweeps.status, ['running', 'paused']));
  for (const { id } of active) await advanceSweep(db, boss, id, { skipLocked: true });
}

/** Brings each trial in line with its run: ended runs end their trials; lost ones train again once. */
async function syncTrials(tx: Database, boss: PgBoss, sweep: SweepRow, definition: SweepDefinition, split: RunSplit): Promise<boolean> {
  const goal = definition.goal;
  const active = await tx
    .select({ trial: sweepTrials, run: { status: runs.status, failureKind: runs.failureKind, failureReason: runs.failureReason, epochsDone: runs.epochsDone, config: runs.config, value: runs[goal] } })
    .from(sweepTrials)
    .leftJoin(runs, eq(runs.id, sweepTrials.runId))
    .where(and(eq(sweepTrials.sweepId, sweep.id), inArray(sweepTrials.status, ['queued', 'running'])));
  let changed = false;
  for (const { trial, run } of active) {
    const end = (status: TrialRow['status'], fields: Partial<TrialRow> = {}) =>
      tx.update(sweepTrials).set({ status, finishedAt: sql`now()`, ...fields }).where(eq(sweepTrials.id, trial.id));
    if (!run) {
      await end('failed', { reason: 'Its run was deleted.' });
    } else if (run.status === 'queued' || run.status === 'running') {
      if (run.status === trial.status) continue;
      await tx.update(sweepTrials).set({ status: run.status }).where(eq(sweepTrials.id, trial.id));
    } else if (run.status === 'succeeded') {
      await end('succeeded', { value: run.value, epochsDone: run.epochsDone });
    } else if (run.status === 'cancelled') {
      if (trial.stoppedAtEpoch !== null) await end('stopped', { epochsDone: run.epochsDone });
      else await end('cancelled', { epochsDone: run.epochsDone, reason: trial.reason ?? 'Its run was cancelled.' });
    } else if (run.failureKind && RETRIED_FAILURES.has(run.failureKind) && trial.attempts < MAX_ATTEMPTS) {
      const config = modelConfigSchema.parse(run.config);
      const retry = await insertRunWithJob(tx, boss, { teamId: sweep.teamId, userId: sweep.createdBy, split, config, quiet: true });
      await tx
        .update(sweepTrials)
        .set({ runId: retry.id, attempts: trial.attempts + 1, status: 'queued', value: null, epochsDone: 0, reason: `Retried on run #${retry.number}: ${run.failureReason ?? 'its worker was lost'}` })
        .where(eq(sweepTrials.id, trial.id));
      // The new attempt climbs the ladder again; its old run's rung values were another attempt's.
      await tx.delete(sweepRungValues).where(eq(sweepRungValues.trialId, trial.id));
    } else {
      await end('failed', { epochsDone: run.epochsDone, reason: run.failureReason ?? 'Its run failed.' });
    }
    changed = true;
  }
  return changed;
}

/** Launches pending trials, proposing new configurations while the budget and concurrency allow; completes the sweep when nothing is left. */
async function launchTrials(tx: Database, boss: PgBoss, sweep: SweepRow, definition: SweepDefinition, base: ModelConfig, split: RunSplit): Promise<boolean> {
  const trials = await tx.select().from(sweepTrials).where(eq(sweepTrials.sweepId, sweep.id)).orderBy(asc(sweepTrials.number));
  let inFlight = trials.filter((t) => t.status === 'queued' || t.status === 'running').length;
  let proposed = sweep.configsProposed;
  let nextNumber = (trials.at(-1)?.number ?? 0) + 1;
  let endReason: string | null = null;
  let changed = false;
  const pending = trials.filter((t) => t.status === 'pending');
  while (inFlight < sweep.concurrency) {
    const trial = pending.shift();
    if (trial) {
      if (await launchTrial(tx, boss, sweep, base, split, trial)) inFlight++;
      changed = true;
      continue;
    }
    const proposal = await propose(tx, sweep, definition, base, split, trials, proposed);
    if ('end' in proposal) {
      endReason = proposal.end;
      break;
    }
    const created = await tx
      .insert(sweepTrials)
      .values(
        proposal.seeds.map((seed, i) => ({
          sweepId: sweep.id,
          teamId: sweep.teamId,
          number: nextNumber + i,
          configKey: assignmentKey(proposal.assignment),
          assignment: proposal.assignment,
          seed,
          source: 'strategy' as const,
          judged: definition.earlyStop.kind !== 'off',
          epochsPlanned: proposal.epochs,
        })),
      )
      .returning();
    nextNumber += created.length;
    trials.push(...created);
    pending.push(...created);
    proposed++;
    changed = true;
  }
  const set: Partial<SweepRow> = {};
  if (proposed !== sweep.configsProposed) set.configsProposed = proposed;
  if (endReason && !trials.some(isActiveTrial)) Object.assign(set, { status: 'completed', endReason, finishedAt: sql`now()` });
  if (Object.keys(set).length) {
    await tx.update(sweeps).set(set).where(eq(sweeps.id, sweep.id));
    changed = true;
  }
  return changed;
}

/** Starts a pending trial's run; false when its configuration turned out invalid (the trial fails, saying why). */
async function launchTrial(tx: Database, boss: PgBoss, sweep: SweepRow, base: ModelConfig, split: RunSplit, trial: TrialRow): Promise<boolean> {
  const built = configFor(split.taskKind, base, trial.assignment, trial.seed);
  if (!built.ok) {
    await tx.update(sweepTrials).set({ status: 'failed', reason: `Its configuration is not valid: ${built.message}`, finishedAt: sql`now()` }).where(eq(sweepTrials.id, trial.id));
    trial.status = 'failed';
    return false;
  }
  const run = await insertRunWithJob(tx, boss, { teamId: sweep.teamId, userId: sweep.createdBy, split, config: built.config, quiet: true });
  await tx.update(sweepTrials).set({ runId: run.id, status: 'queued', attempts: trial.attempts + 1, epochsPlanned: built.config.epochs }).where(eq(sweepTrials.id, trial.id));
  trial.status = 'queued';
  return true;
}

type Proposal = { assignment: Assignment; seeds: number[]; epochs: number } | { end: string };

/** The strategy's next configuration, or why there is none (the words the sweep page shows). */
async function propose(tx: Database, sweep: SweepRow, definition: SweepDefinition, base: ModelConfig, split: RunSplit, trials: TrialRow[], proposed: number): Promise<Proposal> {
  const strategyTrials = trials.filter((t) => t.source === 'strategy').length;
  if (strategyTrials + definition.replicates > sweep.maxTrials) return { end: `The trial budget (${sweep.maxTrials}) is spent.` };
  let assignment: Assignment;
  const rng = createRng((definition.seed ^ Math.imul(proposed + 1, 0x9e3779b1)) >>> 0);
  if (definition.strategy === 'grid') {
    const grid = gridSize(definition.space);
    if ('error' in grid || proposed >= grid.size) return { end: 'Every configuration of the grid has trained.' };
    assignment = gridAssignment(definition.space, proposed);
  } else if (definition.strategy === 'random') {
    assignment = sampleRandom(definition.space, base, rng);
  } else {
    assignment = sampleTpe(definition.space, base, await observations(tx, sweep, definition, base, trials), rng);
  }
  const built = configFor(split.taskKind, base, assignment, base.seed);
  const epochs = built.ok ? built.config.epochs : base.epochs;
  if (sweep.maxEpochs !== null) {
    const committed = trials.reduce((sum, t) => sum + (isActiveTrial(t) ? t.epochsPlanned : t.epochsDone), 0);
    if (committed + epochs * definition.replicates > sweep.maxEpochs) return { end: `The epoch budget (${sweep.maxEpochs}) is spent: ${committed} epochs trained.` };
  }
  return { assignment, seeds: replicateSeeds(base.seed, definition.replicates), epochs };
}

/** Every configuration trains on the same seeds, so two configurations pair seed by seed. */
export function replicateSeeds(baseSeed: number, replicates: number): number[] {
  return Array.from({ length: replicates }, (_, i) => baseSeed + i);
}

/** What TPE learns from: this sweep's ended trials and, with warm start, the split's earlier runs. */
async function observations(tx: Database, sweep: SweepRow, definition: SweepDefinition, base: ModelConfig, trials: TrialRow[]): Promise<Observation[]> {
  const sign = directionOf(definition.goal) === 'maximize' ? -1 : 1;
  const result: Observation[] = trials
    .filter((t) => t.source !== 'confirm' && (t.status === 'succeeded' || t.status === 'stopped') && t.value !== null)
    .map((t) => ({ assignment: t.assignment, loss: sign * t.value!, pruned: t.status === 'stopped' }));
  if (!definition.warmStart) return result;
  const own = trials.map((t) => t.runId).filter((id): id is string => id !== null);
  const earlier = await tx
    .select({ config: runs.config, value: runs[definition.goal] })
    .from(runs)
    .where(and(eq(runs.splitId, sweep.splitId), eq(runs.status, 'succeeded'), own.length ? notInArray(runs.id, own) : sql`true`))
    .limit(WARM_START_RUNS);
  for (const run of earlier) {
    const config = modelConfigSchema.safeParse(run.config);
    if (!config.success || run.value === null) continue;
    const assignment = assignmentFromConfig(definition.space, base, config.data);
    if (assignment) result.push({ assignment, loss: sign * run.value, pruned: false });
  }
  return result;
}
