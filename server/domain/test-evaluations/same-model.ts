import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { runs, splits, testEvaluations } from '@/db/schema';

/**
 * A condition on `test_evaluations`: the evaluation scored the same model as run `runId` on the
 * same sealed rows. That is the run's own evaluations, and those of any other run whose weights,
 * config (architecture and training), fitted preprocessing and classes are the same (a clone
 * retrained with the same seed): scoring is deterministic, so they give the same number.
 */
export function evaluatesSameModelAs(runId: string): SQL {
  return sql`(${testEvaluations.runId} = ${runId} or exists (
    select 1 from ${runs} r
    join ${splits} s on s.id = r.split_id
    join ${runs} e on e.id = ${testEvaluations.runId}
    where r.id = ${runId}
      and s.sealed_set_id = ${testEvaluations.sealedSetId}
      and r.weights_hash = ${testEvaluations.modelHash}
      and e.config = r.config and e.preprocessing = r.preprocessing and e.classes = r.classes
  ))`;
}
