import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { datasetVersions, runs } from '@/db/schema';
import type { BlobStore } from '@/server/shared/storage/blob-store';
import { decodeColumnStore } from '../../shared/datasets/column-store';
import { DomainError } from '../../shared/errors';

const predictionsBlob = z.object({
  kind: z.enum(['classification', 'regression']),
  rows: z.array(z.number().int()),
  predicted: z.array(z.number()),
  actual: z.array(z.number()),
});

export interface DisagreementDto {
  /** 1-based data row of the dataset version (the header is not counted). */
  row: number;
  trueLabel: string;
  predictedA: string;
  predictedB: string;
  features: Record<string, string>;
}

/**
 * For two classification runs on the same split: the dev rows on which they disagree, with
 * the row's features and its true label (dev labels are the team's to see; test labels never
 * reach this code).
 */
export async function devDisagreements(db: Database, blobs: BlobStore, teamId: string, runAId: string, runBId: string, limit = 200) {
  const pair = await db
    .select({ id: runs.id, splitId: runs.splitId, number: runs.number, classes: runs.classes, key: runs.devPredictionsBlobKey, versionId: runs.datasetVersionId, taskKind: datasetVersions.taskKind, columnarKey: datasetVersions.columnarBlobKey, target: datasetVersions.targetColumn })
    .from(runs)
    .innerJoin(datasetVersions, eq(datasetVersions.id, runs.datasetVersionId))
    .where(and(eq(runs.teamId, teamId), inArray(runs.id, [runAId, runBId])));
  const a = pair.find((r) => r.id === runAId);
  const b = pair.find((r) => r.id === runBId);
  if (!a || !b) throw new DomainError('NOT_FOUND', 'Both runs must be in this team.');
  if (a.splitId !== b.splitId) throw new DomainError('BAD_INPUT', `Run #${a.number} and run #${b.number} were trained on different splits; their dev rows can't be lined up.`);
  if (a.taskKind !== 'classification') throw new DomainError('BAD_INPUT', 'Disagreements are shown for classification runs; compare regression runs by their curves and scores.');
  if (!a.key || !b.key) throw new DomainError('PRECONDITION_FAILED', 'Both runs must have finished successfully to compare their predictions.');
  const [pa, pb, store] = await Promise.all([
    blobs.getBuffer(a.key).then((buf) => predictionsBlob.parse(JSON.parse(buf.toString('utf8')))),
    blobs.getBuffer(b.key).then((buf) => predictionsBlob.parse(JSON.parse(buf.toString('utf8')))),
    blobs.getBuffer(a.columnarKey),
  ]);
  const { columns } = decodeColumnStore(store);
  const predictedB = new Map(pb.rows.map((row, i) => [row, pb.predicted[i]!]));
  const label = (classes: string[], index: number) => classes[index] ?? String(index);
  const items: DisagreementDto[] = [];
  let total = 0;
  for (let i = 0; i < pa.rows.length; i++) {
    const row = pa.rows[i]!;
    const other = predictedB.get(row);
    if (other === undefined || other === pa.predicted[i]) continue;
    total++;
    if (items.length >= limit) continue;
    const features: Record<string, string> = {};
    for (const column of columns) {
      if (column.name === a.target) continue;
      features[column.name] = column.kind === 'dictionary' ? (column.dictionary[column.codes[row]!] ?? '') : String(column.values[row]);
    }
    items.push({ row: row + 1, trueLabel: label(a.classes, pa.actual[i]!), predictedA: label(a.classes, pa.predicted[i]!), predictedB: label(b.classes, other), features });
  }
  return { runA: a.number, runB: b.number, devRows: pa.rows.length, total, items };
}
