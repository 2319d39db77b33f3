import 'server-only';
import { and, eq, inArray, max, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { Database } from '@/db/client';
import { sweeps, sweepTrials } from '@/db/schema';
import { mayChangeRun, type TeamRole } from '@/server/shared/auth/permissions';
import { DomainError } from '../../shared/errors';
import { modelConfigSchema, METRIC_NAMES } from '../../shared/runs/model-config';
import { directionOf, sweepDefinitionSchema, MAX_SWEEP_TRIALS } from '../../shared/sweeps/definition';
import { runSplitOf } from '../../shared/runs/enqueue';
import { advanceSweep, replicateSeeds } from '../../shared/sweeps/scheduler';
import { assignmentKey, configFor, type Assignment } from '../../shared/sweeps/space';
import { rankConfigurations } from '../../shared/sweeps/winner';
import { cancelRun } from '../runs/cancel';

/**
 * A person steering a running sweep: pause, resume, extend the budget, add a trial by hand,
 * confirm the top configurations on fresh seeds, cancel. Only its author or a team admin may.
 * Each change is one conditional update, then the scheduler runs at once.
 */

export interface Actor {
  userId: string;
  role: TeamRole;
}

type SweepRow = typeof sweeps.$inferSelect;

async function ownedSweep(db: Database, actor: Actor, teamId: string, sweepId: string): Promise<SweepRow> {
  const [sweep] = await db.select().from(sweeps).where(and(eq(sweeps.id, sweepId), eq(sweeps.teamId, teamId)));
  if (!sweep) throw new DomainError('NOT_FOUND', 'sweepId: no such sweep in this team.');
  if (!mayChangeRun(actor, sweep.createdBy)) throw new DomainError('FORBIDDEN', 'Only the person who launched this sweep, or a team admin, can change it.');
  return sweep;
}

function refuseEnded(sweep: SweepRow, what: string) {
  if (sweep.status === 'cancelled') throw new DomainError('PRECONDITION_FAILED', `This sweep was cancelled; it cannot ${what}.`);
}

export async function pauseSweep(db: Database, actor: Actor, teamId: string, sweepId: string): Promise<void> {
  const sweep = await ownedSweep(db, actor, teamId, sweepId);
  if (sweep.status !== 'running') throw new DomainError('PRECONDITION_FAILED', `Only a running sweep can be paused (this one is ${sweep.status}).`);
  // Trials already training finish; no new one starts until it resumes.
  await db.update(sweeps).set({ status: 'paused' }).where(and(eq(sweeps.id, sweep.id), eq(sweeps.status, 'running')));
}

export async function resumeSweep(db: Database, boss: PgBoss, actor: Actor, teamId: string, sweepId: string): Promise<void> {
  const sweep = await ownedSweep(db, actor, teamId, sweepId);
  if (sweep.status !== 'paused') throw new DomainError('PRECONDITION_FAILED', `Only a paused sweep can be resumed (this one is ${sweep.status}).`);
  await db.update(sweeps).set({ status: 'running' }).where(and(eq(sweeps.id, sweep.id), eq(sweeps.status, 'paused')));
  await advanceSweep(db, boss, sweep.id);
}

/** A completed sweep given more budget (or more trials) runs again. */
async function reopen(db: Database, sweep: SweepRow, set: Partial<SweepRow> = {}): Promise<void> {
  const status = sweep.status === 'completed' ? 'running' : sweep.status;
  await db
    .update(sweeps)
    .set({ ...set, status, ...(status !== sweep.status ? { endReason: null, finishedAt: null } : {}) })
    .where(eq(sweeps.id, sweep.id));
}

export async function extendSweep(db: Database, boss: PgBoss, actor: Actor, teamId: string, sweepId: string, budget: { maxTrials?: number; maxEpochs?: number | null }): Promise<void> {
  const sweep = await ownedSweep(db, actor, teamId, sweepId);
  refuseEnded(sweep, 'be extended');
  if (budget.maxTrials !== undefined && budget.maxTrials < sweep.maxTrials) throw new DomainError('BAD_INPUT', `maxTrials: extending cannot shrink the budget below its ${sweep.maxTrials} trials.`);
  if (budget.maxTrials !== undefined && budget.maxTrials > MAX_SWEEP_TRIALS) throw new DomainError('BAD_INPUT', `maxTrials: at most ${MAX_SWEEP_TRIALS} trials per sweep.`);
  if (budget.maxEpochs != null && sweep.maxEpochs !== null && budget.maxEpochs < sweep.maxEpochs) throw new DomainError('BAD_INPUT', `maxEpochs: extending cannot shrink the budget below its ${sweep.maxEpochs} epochs.`);
  await reopen(db, sweep, { maxTrials: budget.maxTrials ?? sweep.maxTrials, maxEpochs: budget.maxEpochs === undefined ? sweep.maxEpochs : budget.maxEpochs });
  await advanceSweep(db, boss, sweep.id);
}

async function nextTrialNumber(db: Database, sweepId: string): Promise<number> {
  const [row] = await db.select({ last: max(sweepTrials.number) }).from(sweepTrials).where(eq(sweepTrials.sweepId, sweepId));
  return (row?.last ?? 0) + 1;
}

/** A configuration a person wants tried, over the sweep's seeds; it counts outside the strategy's trial budget. */
export async function addTrial(db: Database, boss: PgBoss, actor: Actor, teamId: string, sweepId: string, assignment: Assignment): Promise<{ trials: number }> {
  const sweep = await ownedSweep(db, actor, teamId, sweepId);
  refuseEnded(sweep, 'take new trials');
  const definition = sweepDefinitionSchema.parse(sweep.definition);
  const base = modelConfigSchema.parse(sweep.baseConfig);
  const split = await runSplitOf(db, teamId, sweep.splitId);
  if (!split) throw new DomainError('NOT_FOUND', 'The sweep’s split no longer exists.');
  for (const name of Object.keys(assignment)) {
    if (!(name in definition.space) && !/^units_\d+$/.test(name)) throw new DomainError('BAD_INPUT', `assignment.${name}: not a parameter of this sweep's space (${Object.keys(definition.space).join(', ')})`);
  }
  const built = configFor(split.taskKind, base, assignment, base.seed);
  if (!built.ok) throw new DomainError('BAD_INPUT', `assignment: ${built.message}`);
  const first = await nextTrialNumber(db, sweep.id);
  const seeds = replicateSeeds(base.seed, definition.replicates);
  await db.insert(sweepTrials).values(
    seeds.map((seed, i) => ({
      sweepId: sweep.id,
      teamId: sweep.teamId,
      number: first + i,
      configKey: assignmentKey(assignment),
      assignment,
      seed,
      source: 'manual' as const,
      judged: definition.earlyStop.kind !== 'off',
      epochsPlanned: built.config.epochs,
    })),
  );
  await reopen(db, sweep);
  await advanceSweep(db, boss, sweep.id);
  return { trials: seeds.length };
}

/**
 * The top k configurations again, each on the same `seeds` fresh seeds (never used by this
 * sweep), trained to the end: an estimate of each that its selection did not flatter, paired
 * seed by seed so the winner page can say whether the top two differ.
 */
export async function confirmTop(db: Database, boss: PgBoss, actor: Actor, teamId: string, sweepId: string, input: { top: number; seeds: number }): Promise<{ trials: number }> {
  const sweep = await ownedSweep(db, actor, teamId, sweepId);
  refuseEnded(sweep, 'confirm configurations');
  const definition = sweepDefinitionSchema.parse(sweep.definition);
  const trials = await db.select().from(sweepTrials).where(eq(sweepTrials.sweepId, sweep.id));
  const ranked = rankConfigurations(trials, directionOf(definition.goal));
  if (ranked.length < input.top) {
    throw new DomainError('PRECONDITION_FAILED', `top: only ${ranked.length} configuration${ranked.length === 1 ? ' has' : 's have'} finished; wait for ${input.top} before confirming the top ${input.top} on ${METRIC_NAMES[definition.goal]}.`);
  }
  const pendingConfirm = trials.some((t) => t.source === 'confirm' && (t.status === 'pending' || t.status === 'queued' || t.status === 'running'));
  if (pendingConfirm) throw new DomainError('CONFLICT', 'A confirmation is already training; wait for it to finish.');
  const highestSeed = Math.max(...trials.map((t) => t.seed));
  const seeds = Array.from({ length: input.seeds }, (_, i) => highestSeed + 1 + i);
  let number = await nextTrialNumber(db, sweep.id);
  const rows = ranked.slice(0, input.top).flatMap((config) => {
    const epochs = trials.find((t) => t.configKey === config.configKey)!.epochsPlanned;
    return seeds.map((seed) => ({
      sweepId: sweep.id,
      teamId: sweep.teamId,
      number: number++,
      configKey: config.configKey,
      assignment: config.assignment,
      seed,
      source: 'confirm' as const,
      judged: false,
      epochsPlanned: epochs,
    }));
  });
  await db.insert(sweepTrials).values(rows);
  await reopen(db, sweep);
  await advanceSweep(db, boss, sweep.id);
  return { trials: rows.length };
}

/** Ends the sweep: trials not yet started are dropped, trials training are cancelled (their epochs are kept). */
export async function cancelSweep(db: Database, boss: PgBoss, actor: Actor, teamId: string, sweepId: string): Promise<void> {
  const sweep = await ownedSweep(db, actor, teamId, sweepId);
  if (sweep.status === 'cancelled' || sweep.status === 'completed') throw new DomainError('PRECONDITION_FAILED', `This sweep already ended (${sweep.status}).`);
  const active = await db.transaction(async (tx) => {
    await tx.update(sweeps).set({ status: 'cancelled', endReason: 'Cancelled by hand.', finishedAt: sql`now()` }).where(eq(sweeps.id, sweep.id));
    await tx
      .update(sweepTrials)
      .set({ status: 'cancelled', reason: 'The sweep was cancelled before this trial started.', finishedAt: sql`now()` })
      .where(and(eq(sweepTrials.sweepId, sweep.id), eq(sweepTrials.status, 'pending')));
    return tx
      .update(sweepTrials)
      .set({ status: 'cancelled', reason: 'The sweep was cancelled while this trial trained.', finishedAt: sql`now()` })
      .where(and(eq(sweepTrials.sweepId, sweep.id), inArray(sweepTrials.status, ['queued', 'running'])))
      .returning({ runId: sweepTrials.runId });
  });
  // The sweep's author may cancel its trials' runs whoever the actor is: they are the sweep's runs.
  for (const { runId } of active) {
    if (runId) await cancelRun(db, boss, { userId: actor.userId, role: 'admin' }, teamId, runId).catch(() => undefined);
  }
}
