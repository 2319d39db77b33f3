import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { splits } from '@/db/schema';
import type { BlobStore } from '@/server/storage/blob-store';
import { decodeColumnStore } from '../datasets/column-store';
import { getVersionForServer } from '../datasets/queries';
import { toSplitData } from '../datasets/split-input';
import { recordActivity } from '@/server/domain/activity/record';
import { DomainError } from '../errors';
import { assignSplit, parseSplitDefinition } from './assign-split';
import { countParts } from './fractions';
import { splitGuidance } from './guidance';
import { encodeManifest, hashManifest, hashSplitDefinition } from './manifest';

export interface FreezeSplitInput {
  teamId: string;
  userId: string;
  datasetVersionId: string;
  name: string;
  definition: unknown;
  humanLevelError: number | null;
}

/**
 * Assigns every row of a dataset version to train, dev or test once, and stores the result
 * as an immutable manifest with its hash. Asking for the same definition again names the
 * split that already has it instead of making a duplicate.
 */
export async function freezeSplit(db: Database, blobs: BlobStore, input: FreezeSplitInput): Promise<{ id: string; manifestHash: string }> {
  const version = await getVersionForServer(db, input.teamId, input.datasetVersionId);
  const definition = parseSplitDefinition(input.definition);
  if ('column' in definition && (version.excludedColumns as string[]).includes(definition.column)) {
    throw new DomainError('BAD_INPUT', `Column ${JSON.stringify(definition.column)} is excluded from this dataset version; pick another column.`);
  }
  const definitionHash = hashSplitDefinition(definition, version.contentHash);
  const [same] = await db
    .select({ name: splits.name })
    .from(splits)
    .where(and(eq(splits.datasetVersionId, version.id), eq(splits.definitionHash, definitionHash)));
  if (same) throw new DomainError('CONFLICT', `The split "${same.name}" already has exactly this definition on this dataset version; use it.`);
  const [nameTaken] = await db
    .select({ id: splits.id })
    .from(splits)
    .where(and(eq(splits.teamId, input.teamId), eq(splits.name, input.name)));
  if (nameTaken) throw new DomainError('CONFLICT', `This team already has a split named ${JSON.stringify(input.name)}; pick another name.`);

  const { rowCount, columns } = decodeColumnStore(await blobs.getBuffer(version.columnarBlobKey));
  const data = toSplitData(rowCount, columns, version.excludedColumns as string[]);
  const assignment = assignSplit(definition, data);
  const manifest = encodeManifest(assignment);
  const manifestHash = hashManifest(manifest);
  const counts = countParts(assignment);
  const targetColumn = data.columns[version.targetColumn];
  const features = Object.fromEntries(Object.entries(data.columns).filter(([name]) => name !== version.targetColumn));
  const guidance = splitGuidance({
    assignment,
    target: targetColumn ? { name: version.targetColumn, column: targetColumn, task: version.taskKind } : undefined,
    features,
  });
  const stored = await blobs.put(manifest);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(splits)
      .values({
        teamId: input.teamId,
        datasetVersionId: version.id,
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
