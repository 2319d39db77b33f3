import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { runs } from '@/db/schema';
import type { BlobStore } from '@/server/shared/storage/blob-store';
import { weightsArtifactSchema } from '@/server/shared/ipc-protocol';
import { DomainError } from '../../shared/errors';

/** The files a trained run downloads as: tfjs layers format. */
export const WEIGHT_FILES = ['model.json', 'weights.bin'] as const;
export type WeightFile = (typeof WEIGHT_FILES)[number];

/**
 * A trained run's model as tfjs layers files, so `tf.loadLayersModel(<url>/model.json)` loads it
 * as is. The fitted preprocessing and class names ride in model.json's userDefinedMetadata.
 */
export async function runWeightFile(db: Database, blobs: BlobStore, teamId: string, runId: string, file: WeightFile): Promise<{ body: Buffer | object; fileName: string }> {
  const [run] = await db
    .select({ number: runs.number, weightsBlobKey: runs.weightsBlobKey, preprocessing: runs.preprocessing, classes: runs.classes })
    .from(runs)
    .where(and(eq(runs.id, runId), eq(runs.teamId, teamId)));
  if (!run) throw new DomainError('NOT_FOUND', 'No such run in this team.');
  if (!run.weightsBlobKey) throw new DomainError('NOT_FOUND', `Run #${run.number} has no trained weights.`);
  const artifact = weightsArtifactSchema.parse(JSON.parse((await blobs.getBuffer(run.weightsBlobKey)).toString('utf8')));
  if (file === 'weights.bin') return { body: Buffer.from(artifact.weightDataBase64, 'base64'), fileName: `run-${run.number}-weights.bin` };
  return {
    fileName: 'model.json',
    body: {
      format: 'layers-model',
      generatedBy: 'Holdout',
      convertedBy: null,
      modelTopology: artifact.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifact.weightSpecs }],
      userDefinedMetadata: { holdoutRun: run.number, classes: run.classes, preprocessing: run.preprocessing },
    },
  };
}
