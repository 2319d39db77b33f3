import { z } from 'zod';
import { idSchema } from '../ids';
import { API_MAX_POINTS_PER_BATCH, API_MAX_PREDICTION_ROWS } from '../api-limits';
import { TEAM_ROLES } from '../auth/permissions';

/**
 * What a script sends to report a run trained elsewhere (PyTorch, Keras, an MLflow script): the
 * inputs of the `externalRun.*` procedures, which the HTTP API, its OpenAPI document and the
 * clients in clients/ share. Pure: no server imports.
 */

/** MLflow's rule for metric and param names, so MLflow scripts log unchanged: letters, digits, _ - . / space. */
export const METRIC_KEY_PATTERN = /^[A-Za-z0-9_\-./ ]{1,250}$/;
const keySchema = (what: string) =>
  z.string().regex(METRIC_KEY_PATTERN, `${what} names use letters, digits, "_", "-", ".", "/" and spaces (1–250 characters)`);

const jsonValue: z.ZodType<unknown> = z.json();
const MAX_STEP = 2_147_483_647;

export const externalRunCreateInput = z.object({
  splitId: idSchema('splitId'),
  name: z.string().trim().min(1, 'name: give the run a name, or leave it out').max(120, 'name: keep it to 120 characters').optional(),
  /** The script's own configuration, as free JSON (learning rate, architecture, anything). */
  config: z.record(z.string().max(250), jsonValue).default({}),
  tags: z.array(z.string()).max(20).default([]),
  /** Where it ran: git commit, script, framework, host … (strings). */
  source: z.record(keySchema('source field'), z.string().max(1000)).default({}),
});

export const metricPointSchema = z.object({
  key: keySchema('Metric'),
  step: z.int().min(0).max(MAX_STEP),
  value: z.number().refine(Number.isFinite, 'must be a finite number (NaN and infinities are not stored)'),
});

export const logMetricsInput = z.object({
  runId: idSchema('runId'),
  points: z.array(metricPointSchema).min(1, 'points: send at least one point').max(API_MAX_POINTS_PER_BATCH, `points: at most ${API_MAX_POINTS_PER_BATCH} points per batch; split the batch`),
});

export const logParamsInput = z.object({
  runId: idSchema('runId'),
  params: z.record(keySchema('Param'), jsonValue).refine((p) => Object.keys(p).length <= 500, 'params: at most 500 params per call'),
});

export const EXTERNAL_FINAL_STATUSES = ['succeeded', 'failed', 'cancelled'] as const;
export const finishExternalRunInput = z.object({
  runId: idSchema('runId'),
  status: z.enum(EXTERNAL_FINAL_STATUSES),
  /** Why it failed, in the script's words (shown on the run page). */
  reason: z.string().max(2000).optional(),
});

/**
 * Predictions in the order of the rows the split's download gives (ascending `row`): a class name
 * per row (classification; numbers are read as their text, "3") or a number (regression).
 */
export const predictionsSchema = z
  .array(z.union([z.string().max(500), z.number()]))
  .min(1, 'predictions: send one prediction per row')
  .max(API_MAX_PREDICTION_ROWS, `predictions: at most ${API_MAX_PREDICTION_ROWS} rows`);

export const devPredictionsInput = z.object({ runId: idSchema('runId'), predictions: predictionsSchema });
export const testPredictionsInput = z.object({
  runId: idSchema('runId'),
  predictions: predictionsSchema,
  /** Recorded in the audit log with the request, as for built-in runs. */
  reason: z.string().max(1000).optional(),
});

export const apiTokenCreateInput = z.object({
  teamId: idSchema('teamId'),
  name: z.string().trim().min(1, 'name: name the token after what will use it (e.g. "laptop, pytorch")').max(80, 'name: keep it to 80 characters'),
  role: z.enum(TEAM_ROLES).default('member'),
});
