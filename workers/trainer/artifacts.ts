import * as tf from '@tensorflow/tfjs';
import type { WeightsArtifact } from '../../server/shared/ipc-protocol';

/**
 * Weights leave the child as tfjs layers-model artifacts in memory: `file://` saving needs
 * tfjs-node, which most workers lack (MEASURED.md), and the handler owns the blob store anyway.
 */
export async function exportWeights(model: tf.LayersModel): Promise<WeightsArtifact> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!captured?.modelTopology || !captured.weightSpecs || !captured.weightData) {
    throw new Error('tfjs produced incomplete model artifacts');
  }
  const data = captured.weightData;
  const bytes = Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
  return {
    format: 'tfjs-layers-model',
    modelTopology: captured.modelTopology as Record<string, unknown>,
    weightSpecs: captured.weightSpecs.map((spec) => ({ ...spec })),
    weightDataBase64: Buffer.from(bytes).toString('base64'),
    byteLength: bytes.byteLength,
  };
}

/** The inverse, for scoring later and for the round-trip test. */
export async function importWeights(artifact: WeightsArtifact): Promise<tf.LayersModel> {
  const bytes = Buffer.from(artifact.weightDataBase64, 'base64');
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return tf.loadLayersModel({
    load: async () => ({
      modelTopology: artifact.modelTopology,
      weightSpecs: artifact.weightSpecs as tf.io.WeightsManifestEntry[],
      weightData,
    }),
  });
}
