import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { sealedSets, splits } from '@/db/schema';
import type { BlobStore } from '@/server/shared/storage/blob-store';
import { decodeColumnStore } from '../../shared/datasets/column-store';
import { getVersionForServer } from '../datasets/queries';
import { sealGuidance, unsealedTargetStats } from '../datasets/sealing';
import { toSplitData } from '../datasets/split-input';
import { recordActivity } from '@/server/shared/activity/record';
import { DomainError } from '../../shared/errors';
import { assignSplit, parseSplitDefinition, type SplitDefinition } from '../../shared/splits/assign-split';
import { countParts } from '../../shared/splits/fractions';
import { splitGuidance } from './guidance';
import { splitAdvice } from './advice';
import type { DatasetSchema } from '../../shared/datasets/types';
import { decodeManifest, encodeManifest, hashManifest, hashSplitDefinition } from '../../shared/splits/manifest';
import { assignWithinSeal, hashSealedRows, sealedRowsOf } from './sealed-assignment';

export interface FreezeSplitInput {
  teamId: string;
  userId: string;
  datasetVersionId: string;
  name: string;
  definition: unknown;
  humanLevelError: number | null;
}

/** Strategies that place rows by a column's values: the target's values would decide the parts. */
const PLACES_BY_VALUE: ReadonlySet<SplitDefinition['strategy']> = new Set(['explicit', 'grouped', 'time-ordered']);

/**
 * Everything a freeze decides before it stores anything: the checks, the assignment of every
 * row and the guidance. The split form previews it live (previewSplit); freezeSplit stores it.
 */
async function planSplit(db: Database, blobs: BlobStore, input: Pick<FreezeSplitInput, 'teamId' | 'datasetVersionId' | 'definition'>) {
  const version = await getVersionForServer(db, input.teamId, input.datasetVersionId);
  const definition = parseSplitDefinition(input.definition);
  if ('column' in definition && definition.column === version.targetColumn && PLACES_BY_VALUE.has(definition.strategy)) {
    throw new DomainError(
      'BAD_INPUT',
      `The target ${JSON.stringify(definition.column)} can't decide the parts of a ${definition.strategy} split: which label a row has would then say whether it is a test row. Pick another column, or stratify by the target instead.`,
    );
  }
  const definitionHash = hashSplitDefinition(definition, version.contentHash);
  const [same] = await db
    .select({ name: splits.name })
    .from(splits)
    .where(and(eq(splits.datasetVersionId, version.id), eq(splits.definitionHash, definitionHash)));
  if (same) throw new DomainError('CONFLICT', `The split "${same.name}" already has exactly this definition on this dataset version; use it.`);
  const [seal] = await db
    .select({ id: sealedSets.id, manifestBlobKey: sealedSets.manifestBlobKey })
    .from(sealedSets)
    .where(and(eq(sealedSets.datasetVersionId, version.id), eq(sealedSets.teamId, input.teamId)));
  const { rowCount, columns } = decodeColumnStore(await blobs.getBuffer(version.columnarBlobKey));
  // A column that is not a model input (an id, a date) may still decide the parts: that is how a
  // split groups by patient or orders by time without the model ever seeing the column.
  const excluded = version.excludedColumns as string[];
  const splitColumn = 'column' in definition ? definition.column : null;
  const data = toSplitData(rowCount, columns, excluded.filter((name) => name !== splitColumn));
  const assignment = seal
    ? assignWithinSeal(definition, data, decodeManifest(await blobs.getBuffer(seal.manifestBlobKey)).assignment, version.targetColumn)
    : assignSplit(definition, data, version.targetColumn);
  const manifest = encodeManifest(assignment);
  const manifestHash = hashManifest(manifest);
  const counts = countParts(assignment);
  const targetColumn = data.columns[version.targetColumn];
  const features = Object.fromEntries(Object.entries(data.columns).filter(([name]) => name !== version.targetColumn && !excluded.includes(name)));
  const guidance = splitGuidance({
    assignment,
    target: targetColumn ? { name: version.targetColumn, column: targetColumn, task: version.taskKind } : undefined,
    features,
    definition,
  });
  return { version, definition, definitionHash, seal, columns, assignment, manifest, manifestHash, counts, guidance };
}

/**
 * Assigns every row of a dataset version to train, dev or test once, and stores the result
 * as an immutable manifest with its hash. The version's first split fixes its sealed set (the
 * test rows); a later split keeps those rows in test and divides the others between train and
 * dev (sealed-assignment.ts says why). Asking for the same definition again names the split
 * that already has it instead of making a duplicate.
 */
export async function freezeSplit(db: Database, blobs: BlobStore, input: FreezeSplitInput): Promise<{ id: string; manifestHash: string }> {
  const { version, definition, definitionHash, seal, columns, assignment, manifest, manifestHash, counts, guidance } = await planSplit(db, blobs, input);
  const [nameTaken] = await db
    .select({ id: splits.id })
    .from(splits)
    .where(and(eq(splits.teamId, input.teamId), eq(splits.name, input.name), isNull(splits.archivedAt)));
  if (nameTaken) throw new DomainError('CONFLICT', `This team already has a split named ${JSON.stringify(input.name)}; pick another name.`);

  const stored = await blobs.put(manifest);
  return db.transaction(async (tx) => {
    // The first split of a version fixes its seal: two first splits frozen at once must not both.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`holdout:seal:${version.id}`}, 0))`);
    let sealedSetId = seal?.id;
    if (!sealedSetId) {
      const [raced] = await tx.select({ id: sealedSets.id }).from(sealedSets).where(eq(sealedSets.datasetVersionId, version.id));
      if (raced) throw new DomainError('CONFLICT', 'Another split of this dataset version was frozen at the same moment and fixed its test rows. Freeze again: this split will keep those test rows.');
      const target = columns.find((c) => c.name === version.targetColumn);
      const [created] = await tx
        .insert(sealedSets)
        .values({
          teamId: input.teamId,
          datasetVersionId: version.id,
          manifestBlobKey: stored.key,
          rowsHash: hashSealedRows(sealedRowsOf(assignment)),
          testCount: counts.test,
          targetStats: target ? JSON.parse(JSON.stringify(unsealedTargetStats(target, assignment))) : null,
          sealedBySplitName: input.name,
          createdBy: input.userId,
        })
        .returning({ id: sealedSets.id });
      sealedSetId = created!.id;
    }
    const [row] = await tx
      .insert(splits)
      .values({
        teamId: input.teamId,
        datasetVersionId: version.id,
        sealedSetId,
        name: input.name,
        strategy: definition.strategy,
        definition,
        definitionHash,
        manifestHash,
        manifestBlobKey: stored.key,
        trainCount: counts.train,
        devCount: counts.dev,
        testCount: counts.test,
        guidance: JSON.parse(JSON.stringify(guidance)),
        humanLevelError: input.humanLevelError,
        createdBy: input.userId,
      })
      .returning({ id: splits.id });
    await recordActivity(tx, { teamId: input.teamId, actorId: input.userId, kind: 'split.frozen', splitId: row!.id, payload: { splitName: input.name, strategy: definition.strategy } });
    return { id: row!.id, manifestHash };
  });
}

/** How far the parts may land from the fractions asked for before the form says so (share points). */
const FRACTION_TOLERANCE = 0.05;

/**
 * The split form's live preview: the parts' sizes, how precisely dev and test could measure, and
 * the mismatch verdicts, exactly as freezing would store them (with the seal's view: no test label
 * statistic), and in words where the parts cannot meet the fractions asked for (a grouped split
 * over four groups cannot be 80/10/10). Nothing is stored.
 */
export async function previewSplit(db: Database, blobs: BlobStore, input: Pick<FreezeSplitInput, 'teamId' | 'datasetVersionId' | 'definition'>) {
  const { version, definition, counts, guidance, seal } = await planSplit(db, blobs, input);
  const total = counts.train + counts.dev + counts.test;
  const warnings: string[] = [];
  if ('fractions' in definition && total > 0) {
    const parts = ['train', 'dev', 'test'] as const;
    const off = parts.filter((p) => Math.abs(counts[p] / total - definition.fractions[p]) > FRACTION_TOLERANCE);
    if (off.length > 0) {
      const asked = parts.map((p) => Math.round(definition.fractions[p] * 100)).join('/');
      const got = parts.map((p) => Math.round((counts[p] / total) * 100)).join('/');
      const why =
        definition.strategy === 'grouped'
          ? ` Whole groups of ${JSON.stringify(definition.column)} go to one part each, and there are too few (or too uneven) groups to come closer.`
          : seal
            ? ' This version’s test rows are fixed by its first split; only the other rows are divided between train and dev.'
            : '';
      warnings.push(`You asked for ${asked} and would get ${got} (train/dev/test).${why}`);
    }
  }
  for (const p of ['dev', 'test'] as const) if (counts[p] === 0) warnings.push(`The ${p} part would be empty.`);
  const advice = splitAdvice(definition, version.schema as DatasetSchema, version.targetColumn);
  return { counts, warnings, advice, guidance: { ...sealGuidance(guidance), precision: guidance.precision } };
}
