import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { Database } from '@/db/client';
import { sweeps, teams } from '@/db/schema';
import { recordActivity } from '@/server/shared/activity/record';
import { DomainError } from '../../shared/errors';
import { defaultModelConfig, modelConfigSchemaFor, type ModelConfig, type TaskKind } from '../../shared/runs/model-config';
import { epochsPerTrial, goalIssue, previewBudget, type BudgetPreview, type SweepDefinition } from '../../shared/sweeps/definition';
import { runSplitOf } from '../../shared/runs/enqueue';
import { advanceSweep } from '../../shared/sweeps/scheduler';
import { checkSpace } from '../../shared/sweeps/space';

export interface SweepPlan {
  taskKind: TaskKind;
  base: ModelConfig;
  preview: BudgetPreview;
}

/**
 * Everything a sweep must satisfy before it may launch, in the order a person fixes them: the
 * split (this team's), the base config, the goal (one the task computes), the space (every value
 * a trial could get is a valid config) and the budget. The launch form shows the same checks live.
 */
export async function planSweep(db: Database, teamId: string, input: { splitId: string; definition: SweepDefinition; baseConfig?: unknown }): Promise<SweepPlan> {
  const split = await runSplitOf(db, teamId, input.splitId);
  if (!split) throw new DomainError('NOT_FOUND', 'splitId: no frozen split with this id in this team.');
  if (split.archivedAt) throw new DomainError('PRECONDITION_FAILED', `splitId: the split "${split.name}" is archived; restore it to start a sweep on it.`);
  const parsed = modelConfigSchemaFor(split.taskKind).safeParse(input.baseConfig ?? defaultModelConfig(split.taskKind));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError('BAD_INPUT', `baseConfig.${issue.path.join('.')}: ${issue.message}`);
  }
  const base = parsed.data;
  const { definition } = input;
  const goal = goalIssue(definition.goal, split.taskKind);
  if (goal) throw new DomainError('BAD_INPUT', `definition.${goal}`);
  const space = checkSpace(split.taskKind, base, definition.space);
  if (space) throw new DomainError('BAD_INPUT', `definition.${space}`);
  const budget = previewBudget(definition, epochsPerTrial(definition, base.epochs));
  if (!budget.ok) throw new DomainError('BAD_INPUT', `definition.${budget.message}`);
  return { taskKind: split.taskKind, base, preview: budget.preview };
}

export async function createSweep(
  db: Database,
  boss: PgBoss,
  input: { teamId: string; userId: string; splitId: string; name: string; definition: SweepDefinition; baseConfig?: unknown },
): Promise<{ id: string; number: number }> {
  const plan = await planSweep(db, input.teamId, input);
  const created = await db.transaction(async (tx) => {
    const [counter] = await tx
      .update(teams)
      .set({ sweepCounter: sql`${teams.sweepCounter} + 1` })
      .where(eq(teams.id, input.teamId))
      .returning({ value: teams.sweepCounter });
    const [sweep] = await tx
      .insert(sweeps)
      .values({
        teamId: input.teamId,
        number: counter!.value,
        splitId: input.splitId,
        name: input.name,
        createdBy: input.userId,
        definition: input.definition,
        baseConfig: plan.base,
        maxTrials: input.definition.budget.maxTrials,
        maxEpochs: input.definition.budget.maxEpochs,
        concurrency: input.definition.budget.concurrency,
      })
      .returning({ id: sweeps.id, number: sweeps.number });
    await recordActivity(tx, { teamId: input.teamId, actorId: input.userId, kind: 'sweep.launched', splitId: input.splitId, payload: { sweepId: sweep!.id, sweepNumber: sweep!.number, sweepName: input.name } });
    return sweep!;
  });
  await advanceSweep(db, boss, created.id);
  return created;
}
