import 'server-only';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { Database } from '@/db/client';
import type { BlobStore } from '@/server/shared/storage/blob-store';
import { createDraft, discardDraft } from '../datasets/drafts';
import { registerDraft } from '../datasets/register';
import { GENERATED_EXAMPLES, generatedExampleInput, generatePlanar, planarToCsv } from '../../shared/examples/generators';
import { SHIPPED_EXAMPLES, SHIPPED_LICENSE, shippedExamplePath, type ShippedExampleKey } from './shipped';

export const exampleInput = z.discriminatedUnion('type', [
  z.object({ type: z.literal('generated'), params: generatedExampleInput }),
  z.object({
    type: z.literal('shipped'),
    key: z.enum(Object.keys(SHIPPED_EXAMPLES) as [ShippedExampleKey, ...ShippedExampleKey[]], {
      message: `Example must be one of: ${Object.keys(SHIPPED_EXAMPLES).join(', ')}`,
    }),
  }),
]);
export type ExampleInput = z.infer<typeof exampleInput>;

/** One click: the example goes through the same ingest as an upload and is registered with its target. */
export async function addExampleDataset(
  db: Database,
  blobs: BlobStore,
  input: { teamId: string; userId: string; projectRoot: string; maxBytes: number; example: ExampleInput },
): Promise<{ datasetId: string; versionId: string }> {
  let csv: Buffer;
  let name: string;
  let description: string;
  let fileName: string;
  let source: Record<string, unknown>;
  if (input.example.type === 'generated') {
    const params = input.example.params;
    const meta = GENERATED_EXAMPLES[params.kind];
    csv = Buffer.from(planarToCsv(generatePlanar(params)));
    const arms = params.kind === 'spirals' ? ` · ${params.classes} arms` : '';
    name = `${meta.title} · ${params.rows.toLocaleString('en-US')} rows · noise ${params.noise} · seed ${params.seed}${arms}`;
    description = meta.description;
    fileName = `${params.kind}.csv`;
    source = { kind: 'generated', generator: params.kind, rows: params.rows, noise: params.noise, seed: params.seed, classes: params.classes };
  } else {
    const meta = SHIPPED_EXAMPLES[input.example.key];
    csv = await fs.promises.readFile(shippedExamplePath(input.projectRoot, input.example.key));
    name = meta.title;
    description = `${meta.description} Source: ${meta.source}. Licence: ${SHIPPED_LICENSE}.`;
    fileName = meta.file;
    source = { kind: 'shipped', key: input.example.key, citation: meta.source, license: SHIPPED_LICENSE };
  }
  const draft = await createDraft(db, blobs, {
    teamId: input.teamId,
    userId: input.userId,
    fileName,
    body: Readable.from([csv]),
    maxBytes: input.maxBytes,
    source,
  });
  try {
    const registered = await registerDraft(db, blobs, {
      teamId: input.teamId,
      userId: input.userId,
      draftId: draft.id,
      dataset: { kind: 'new', name, description },
      targetColumn: 'label',
      taskKind: 'classification',
      excludedColumns: [],
    });
    return { datasetId: registered.datasetId, versionId: registered.versionId };
  } catch (error) {
    await discardDraft(db, input.teamId, input.userId, draft.id).catch(() => undefined);
    throw error;
  }
}
