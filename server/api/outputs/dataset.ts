import 'server-only';
import { z } from 'zod';
import { okSchema } from './common';
import { COLUMN_TYPES } from '@/server/shared/datasets/types';
import { TASK_KINDS } from '@/server/shared/runs/model-config';

const columnTypeSchema = z.enum(COLUMN_TYPES);
const datasetSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  latestVersion: z.number(),
  rowCount: z.number(),
  columnCount: z.number(),
  taskKind: z.enum(TASK_KINDS),
  targetColumn: z.string(),
  splitCount: z.number(),
  createdByName: z.string().nullable(),
  createdAt: z.date(),
  archivedAt: z.date().nullable(),
});
const schemaChangeSchema = z.object({
  added: z.array(z.string()),
  removed: z.array(z.string()),
  retyped: z.array(
    z.object({
      column: z.string(),
      from: columnTypeSchema,
      to: columnTypeSchema,
    }),
  ),
  rowDelta: z.number(),
});
const datasetVersionSummarySchema = z.object({
  id: z.string(),
  version: z.number(),
  fileName: z.string(),
  byteSize: z.number(),
  contentHash: z.string(),
  rowCount: z.number(),
  targetColumn: z.string(),
  taskKind: z.enum(TASK_KINDS),
  createdByName: z.string().nullable(),
  createdAt: z.date(),
  change: schemaChangeSchema.nullable(),
});
const histogramSchema = z.object({ binEdges: z.array(z.number()), counts: z.array(z.number()) });
const valueCountSchema = z.object({ value: z.string(), count: z.number() });
const columnSchemaSchema = z.object({
  name: z.string(),
  index: z.number(),
  type: columnTypeSchema,
  missingCount: z.number(),
  distinctCount: z.number(),
  distinctCountExact: z.boolean(),
  formulaLikeCount: z.number(),
  stats: z.union([
    z.object({ kind: z.literal('numeric'), min: z.number(), max: z.number(), mean: z.number(), std: z.number(), histogram: histogramSchema }),
    z.object({ kind: z.literal('datetime'), min: z.number(), max: z.number(), histogram: histogramSchema }),
    z.object({ kind: z.literal('categorical'), topValues: z.array(valueCountSchema) }),
    z.object({ kind: z.literal('text'), meanLength: z.number(), maxLength: z.number(), topValues: z.array(valueCountSchema) }),
    z.object({ kind: z.literal('hidden'), reason: z.string() }),
  ]),
  statsNote: z.string().optional(),
  statsRows: z.number().optional(),
});
const datasetSchemaSchema = z.object({
  columns: z.array(columnSchemaSchema),
  rowCount: z.number(),
  hasHeader: z.boolean(),
  firstDataRow: z.number(),
});
const draftSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  byteSize: z.number(),
  contentHash: z.string(),
  delimiter: z.string(),
  rowCount: z.number(),
  schema: datasetSchemaSchema,
  preview: z.object({ header: z.array(z.string()), rows: z.array(z.array(z.string())) }),
  warnings: z.array(z.string()),
  suggestedTarget: z.object({ column: z.string(), taskKind: z.enum(TASK_KINDS) }).nullable(),
  createdAt: z.date(),
});

/** What each `dataset.*` procedure returns: the shape that leaves the server, checked on the way out. */
export const datasetOutput = {
  list: z.array(datasetSummarySchema),
  get: z.object({ versions: z.array(datasetVersionSummarySchema), id: z.string(), name: z.string(), description: z.string(), createdAt: z.date(), createdBy: z.string().nullable(), archivedAt: z.date().nullable() }),
  ok: okSchema,
  version: z.object({
    schema: datasetSchemaSchema,
    preview: z.object({ header: z.array(z.string()), rows: z.array(z.array(z.string())) }),
    seal: z.object({ testCount: z.number(), sealedBySplitName: z.string(), sealedAt: z.date(), rowsHash: z.string() }).nullable(),
    id: z.string(),
    datasetId: z.string(),
    datasetName: z.string(),
    version: z.number(),
    fileName: z.string(),
    byteSize: z.number(),
    contentHash: z.string(),
    delimiter: z.string(),
    rowCount: z.number(),
    targetColumn: z.string(),
    taskKind: z.enum(TASK_KINDS),
    excludedColumns: z.array(z.string()),
    source: z.record(z.string(), z.unknown()),
    createdAt: z.date(),
  }),
  examples: z.object({
    generated: z.array(z.object({ kind: z.string(), title: z.string(), description: z.string() })),
    shipped: z.array(z.object({ key: z.string(), title: z.string(), description: z.string(), source: z.string(), license: z.string() })),
  }),
  addExample: z.object({ datasetId: z.string(), versionId: z.string() }),
  draft: draftSchema,
  discardDraft: okSchema,
  register: z.object({ datasetId: z.string(), versionId: z.string(), version: z.number() }),
};
