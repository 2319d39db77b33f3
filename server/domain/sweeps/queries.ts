import 'server-only';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { runEpochs, runs, splits, sweepRungValues, sweeps, sweepTrials, users } from '@/db/schema';
import { DomainError } from '../../shared/errors';
import { METRIC_NAMES, modelConfigSchema } from '../../shared/runs/model-config';
import { directionOf, epochsPerTrial, previewBudget, sweepDefinitionSchema } from '../../shared/sweeps/definition';
import { epochGoal } from '../../shared/sweeps/judge';
import { parameterImportance } from '../../shared/sweeps/importance';
import { nameWinner } from '../../shared/sweeps/winner';

const sweepColumns = {
  id: sweeps.id,
  number: sweeps.number,
  name: sweeps.name,
  status: sweeps.status,
  splitId: sweeps.splitId,
  splitName: splits.name,
  createdById: sweeps.createdBy,
  createdByName: users.name,
  definition: sweeps.definition,
  maxTrials: sweeps.maxTrials,
  maxEpochs: sweeps.maxEpochs,
  concurrency: sweeps.concurrency,
  endReason: sweeps.endReason,
  createdAt: sweeps.createdAt,
  finishedAt: sweeps.finishedAt,
};

export async function listSweeps(db: Database, teamId: string, splitId?: string) {
  const rows = await db
    .select({
      ...sweepColumns,
      trials: sql<number>`(select count(*)::int from ${sweepTrials} where ${sweepTrials.sweepId} = ${sweeps.id})`,
      finished: sql<number>`(select count(*)::int from ${sweepTrials} where ${sweepTrials.sweepId} = ${sweeps.id} and ${sweepTrials.status} in ('succeeded', 'stopped', 'failed', 'cancelled'))`,
    })
    .from(sweeps)
    .innerJoin(splits, eq(splits.id, sweeps.splitId))
    .leftJoin(users, eq(users.id, sweeps.createdBy))
    .where(and(eq(sweeps.teamId, teamId), splitId ? eq(sweeps.splitId, splitId) : undefined))
    .orderBy(desc(sweeps.createdAt))
    .limit(200);
  return rows.map(({ definition, ...row }) => {
    const d = sweepDefinitionSchema.parse(definition);
    return { ...row, goal: d.goal, strategy: d.strategy, earlyStop: d.earlyStop.kind };
  });
}

/** The sweep page: the sweep, its trials, ASHA's ladder and the honest winner. */
export async function getSweep(db: Database, teamId: string, sweepId: string) {
  const [sweep] = await db
    .select({ ...sweepColumns, baseConfig: sweeps.baseConfig, configsProposed: sweeps.configsProposed })
    .from(sweeps)
    .innerJoin(splits, eq(splits.id, sweeps.splitId))
    .leftJoin(users, eq(users.id, sweeps.createdBy))
    .where(and(eq(sweeps.id, sweepId), eq(sweeps.teamId, teamId)));
  if (!sweep) throw new DomainError('NOT_FOUND', 'No such sweep in this team. It may have been deleted, or the link is mistyped.');
  const definition = sweepDefinitionSchema.parse(sweep.definition);
  const base = modelConfigSchema.parse(sweep.baseConfig);
  const direction = directionOf(definition.goal);
  const trials = await db
    .select({
      id: sweepTrials.id,
      number: sweepTrials.number,
      configKey: sweepTrials.configKey,
      assignment: sweepTrials.assignment,
      seed: sweepTrials.seed,
      source: sweepTrials.source,
      status: sweepTrials.status,
      value: sweepTrials.value,
      epochsPlanned: sweepTrials.epochsPlanned,
      epochsDone: sweepTrials.epochsDone,
      stoppedAtEpoch: sweepTrials.stoppedAtEpoch,
      stoppedThreshold: sweepTrials.stoppedThreshold,
      reason: sweepTrials.reason,
      attempts: sweepTrials.attempts,
      runId: sweepTrials.runId,
      runNumber: runs.number,
      createdAt: sweepTrials.createdAt,
      finishedAt: sweepTrials.finishedAt,
    })
    .from(sweepTrials)
    .leftJoin(runs, eq(runs.id, sweepTrials.runId))
    .where(eq(sweepTrials.sweepId, sweep.id))
    .orderBy(asc(sweepTrials.number));
  const rungs = await db
    .select({ rung: sweepRungValues.rung, trialId: sweepRungValues.trialId, value: sweepRungValues.value, promoted: sweepRungValues.promoted, threshold: sweepRungValues.threshold })
    .from(sweepRungValues)
    .where(eq(sweepRungValues.sweepId, sweep.id))
    .orderBy(asc(sweepRungValues.rung), asc(sweepRungValues.createdAt));
  const preview = previewBudget(definition, epochsPerTrial(definition, base.epochs));
  const finished = trials.filter((t) => t.status === 'succeeded' && t.value !== null && t.source !== 'confirm');
  return {
    ...sweep,
    definition,
    baseConfig: base,
    direction,
    goalName: METRIC_NAMES[definition.goal],
    rungEpochs: preview.ok ? preview.preview.rungs : [],
    trials,
    rungs,
    epochsTrained: trials.reduce((s, t) => s + t.epochsDone, 0),
    /** Each trial that trained evaluated on the dev split: that many more looks at it. */
    devLooks: trials.filter((t) => t.epochsDone > 0).length,
    winner: nameWinner(trials, direction, METRIC_NAMES[definition.goal]),
    importance: { trials: finished.length, parameters: parameterImportance(finished.map((t) => ({ assignment: t.assignment, value: t.value! }))) },
  };
}

const MAX_CURVES = 300;

/** Every trial's goal by epoch (the newest 300 trials), for the sweep page's curves. */
export async function sweepCurves(db: Database, teamId: string, sweepId: string) {
  const [sweep] = await db.select({ definition: sweeps.definition }).from(sweeps).where(and(eq(sweeps.id, sweepId), eq(sweeps.teamId, teamId)));
  if (!sweep) throw new DomainError('NOT_FOUND', 'No such sweep in this team.');
  const { goal } = sweepDefinitionSchema.parse(sweep.definition);
  const trials = await db
    .select({ id: sweepTrials.id, runId: sweepTrials.runId })
    .from(sweepTrials)
    .where(eq(sweepTrials.sweepId, sweepId))
    .orderBy(desc(sweepTrials.number))
    .limit(MAX_CURVES);
  const runIds = trials.map((t) => t.runId).filter((id): id is string => id !== null);
  if (runIds.length === 0) return [];
  const value = epochGoal(goal);
  const points = await db
    .select({ runId: runEpochs.runId, epoch: runEpochs.epoch, value })
    .from(runEpochs)
    .where(inArray(runEpochs.runId, runIds))
    .orderBy(asc(runEpochs.runId), asc(runEpochs.epoch));
  const byRun = new Map<string, { epochs: number[]; values: number[] }>();
  for (const p of points) {
    const series = byRun.get(p.runId) ?? { epochs: [], values: [] };
    series.epochs.push(p.epoch);
    series.values.push(Number(p.value));
    byRun.set(p.runId, series);
  }
  return trials.flatMap((t) => (t.runId && byRun.has(t.runId) ? [{ trialId: t.id, ...byRun.get(t.runId)! }] : []));
}
