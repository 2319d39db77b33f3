import 'server-only';
import type { PgBoss } from 'pg-boss';
import type { Database } from '@/db/client';
import { insertRunWithJob, runSplitOf } from '../../shared/runs/enqueue';
import { modelConfigSchemaFor, type ModelConfig } from '../../shared/runs/model-config';
import { DomainError } from '../../shared/errors';

/** A person's launch: the split must be this team's, the config valid for its task. */
export async function launchRun(
  db: Database,
  boss: PgBoss,
  input: { teamId: string; userId: string; splitId: string; config: unknown },
): Promise<{ id: string; number: number }> {
  const split = await runSplitOf(db, input.teamId, input.splitId);
  if (!split) throw new DomainError('NOT_FOUND', 'No such split in this team.');
  if (split.archivedAt) throw new DomainError('PRECONDITION_FAILED', `The split "${split.name}" is archived; restore it to launch runs on it.`);
  const parsed = modelConfigSchemaFor(split.taskKind).safeParse(input.config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError('BAD_INPUT', `config.${issue.path.join('.')}: ${issue.message}`);
  }
  const config: ModelConfig = parsed.data;
  return db.transaction((tx) => insertRunWithJob(tx, boss, { teamId: input.teamId, userId: input.userId, split, config }));
}
