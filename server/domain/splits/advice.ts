import 'server-only';
import type { DatasetSchema } from '../../shared/datasets/types';
import type { SplitDefinition } from '../../shared/splits/assign-split';

/** Names of columns that identify an entity rows may repeat: a person, a patient, a session, a device… */
const ENTITY_NAME = /(^|[_\s-])(id|uuid|user|patient|subject|session|customer|client|account|person|device|household|participant)([_\s-]|$)|[a-z]Id$|_id$/i;
const ENTITY_TYPES = new Set(['integer', 'categorical', 'text']);
/** Fewer values than this make poor groups (each part needs several); the split itself refuses one group. */
const MIN_GROUPS = 5;

/**
 * What a careful colleague would say about a split definition before it is frozen: rows that
 * repeat an entity (several rows per patient or user) spread over train and test by a random or
 * stratified split, so the test score flatters the model on entities it has already seen; and a
 * date column, which a time-ordered split would use to measure performance on the future.
 * Columns that are not model inputs count too: they can still decide a split.
 */
export function splitAdvice(definition: SplitDefinition, schema: DatasetSchema, targetColumn: string): string[] {
  const advice: string[] = [];
  const usable = schema.columns.filter((c) => c.name !== targetColumn);
  if (definition.strategy === 'random' || definition.strategy === 'stratified') {
    for (const c of usable) {
      if (!ENTITY_TYPES.has(c.type) || !ENTITY_NAME.test(c.name)) continue;
      const rows = schema.rowCount - c.missingCount;
      if (c.distinctCount < MIN_GROUPS || rows / c.distinctCount < 2) continue;
      advice.push(
        `Rows repeat an entity: "${c.name}" has ${c.distinctCount.toLocaleString('en-US')} values over ${rows.toLocaleString('en-US')} rows (about ${Math.round(rows / c.distinctCount)} each). A ${definition.strategy} split puts rows of the same ${c.name} in train and test, so the test score flatters the model on ones it has already seen; a grouped split by "${c.name}" keeps each in one part.`,
      );
    }
  }
  if (definition.strategy !== 'time-ordered') {
    const date = usable.find((c) => c.type === 'datetime');
    if (date) advice.push(`This data has a date column, "${date.name}": if the model will be used on data newer than it learned from, a time-ordered split by "${date.name}" measures exactly that.`);
  }
  return advice;
}
