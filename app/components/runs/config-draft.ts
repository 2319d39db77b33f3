import type { Activation, EarlyStoppingMetric, ModelConfig, TaskKind } from '@/server/shared/runs/model-config';
import { modelConfigSchemaFor } from '@/server/shared/runs/model-config';

/**
 * The launch form's state: numbers are kept as the text the person typed ("1e-3", "0.") so that
 * typing is never fought, and are parsed only to validate and to launch.
 */
export interface LayerDraft {
  key: number;
  units: string;
  activation: Activation;
  dropout: string;
}

export interface ConfigDraft {
  hiddenLayers: LayerDraft[];
  initializer: ModelConfig['initializer']['kind'];
  stddev: string;
  optimizer: ModelConfig['optimizer']['kind'];
  momentum: string;
  rho: string;
  beta1: string;
  beta2: string;
  learningRate: string;
  learningRateDecay: string;
  fullBatch: boolean;
  batchSize: string;
  epochs: string;
  l2: string;
  batchNorm: boolean;
  earlyStoppingEnabled: boolean;
  earlyStoppingMetric: EarlyStoppingMetric;
  patience: string;
  restoreBest: boolean;
  seed: string;
  needsGpu: boolean;
}

let nextKey = 1;
export function newLayerKey(): number {
  return nextKey++;
}

export function draftFromConfig(c: ModelConfig): ConfigDraft {
  const o = c.optimizer;
  return {
    hiddenLayers: c.hiddenLayers.map((l) => ({ key: newLayerKey(), units: String(l.units), activation: l.activation, dropout: String(l.dropout) })),
    initializer: c.initializer.kind,
    stddev: c.initializer.kind === 'randomNormal' ? String(c.initializer.stddev) : '0.05',
    optimizer: o.kind,
    momentum: o.kind === 'momentum' ? String(o.momentum) : '0.9',
    rho: o.kind === 'rmsprop' ? String(o.rho) : '0.9',
    beta1: o.kind === 'adam' ? String(o.beta1) : '0.9',
    beta2: o.kind === 'adam' ? String(o.beta2) : '0.999',
    learningRate: String(c.learningRate),
    learningRateDecay: String(c.learningRateDecay),
    fullBatch: c.batchSize === 'full',
    batchSize: c.batchSize === 'full' ? '64' : String(c.batchSize),
    epochs: String(c.epochs),
    l2: String(c.l2),
    batchNorm: c.batchNorm,
    earlyStoppingEnabled: c.earlyStopping.enabled,
    earlyStoppingMetric: c.earlyStopping.metric,
    patience: String(c.earlyStopping.patience),
    restoreBest: c.earlyStopping.restoreBest,
    seed: String(c.seed),
    needsGpu: c.needsGpu,
  };
}

/** Empty or non-numeric text becomes NaN, which the schema rejects; the message is replaced below. */
function num(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

export function configFromDraft(d: ConfigDraft): ModelConfig {
  const optimizer: ModelConfig['optimizer'] =
    d.optimizer === 'momentum'
      ? { kind: 'momentum', momentum: num(d.momentum) }
      : d.optimizer === 'rmsprop'
        ? { kind: 'rmsprop', rho: num(d.rho) }
        : d.optimizer === 'adam'
          ? { kind: 'adam', beta1: num(d.beta1), beta2: num(d.beta2) }
          : { kind: 'sgd' };
  return {
    version: 1,
    family: 'mlp',
    hiddenLayers: d.hiddenLayers.map((l) => ({ units: num(l.units), activation: l.activation, dropout: num(l.dropout) })),
    initializer: d.initializer === 'randomNormal' ? { kind: 'randomNormal', stddev: num(d.stddev) } : { kind: d.initializer },
    optimizer,
    learningRate: num(d.learningRate),
    learningRateDecay: num(d.learningRateDecay),
    batchSize: d.fullBatch ? 'full' : num(d.batchSize),
    epochs: num(d.epochs),
    l2: num(d.l2),
    batchNorm: d.batchNorm,
    earlyStopping: { enabled: d.earlyStoppingEnabled, metric: d.earlyStoppingMetric, patience: num(d.patience), restoreBest: d.restoreBest },
    seed: num(d.seed),
    needsGpu: d.needsGpu,
  };
}

export type FieldErrors = Record<string, string>;

/** Field-level messages keyed by the config path ("hiddenLayers.0.units"), from the shared schema. */
export function validateDraft(d: ConfigDraft, taskKind: TaskKind): { config: ModelConfig | null; errors: FieldErrors } {
  const candidate = configFromDraft(d);
  const parsed = modelConfigSchemaFor(taskKind).safeParse(candidate);
  if (parsed.success) return { config: parsed.data, errors: {} };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.join('.');
    if (errors[key]) continue;
    const value = issue.path.reduce<unknown>((at, part) => (at as Record<PropertyKey, unknown> | undefined)?.[part as PropertyKey], candidate);
    // zod's own wording ("expected number, received NaN") is for developers; say what to do.
    if (typeof value === 'number' && Number.isNaN(value)) errors[key] = 'enter a number';
    else if (issue.code === 'invalid_type' && issue.expected === 'int') errors[key] = 'enter a whole number';
    else if (key === 'batchSize' && typeof value === 'number' && !Number.isInteger(value)) errors[key] = 'enter a whole number of rows';
    else errors[key] = issue.message;
  }
  return { config: null, errors };
}
