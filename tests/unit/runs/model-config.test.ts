import { describe, expect, it } from 'vitest';
import {
  countParams,
  defaultModelConfig,
  modelConfigSchema,
  modelConfigSchemaFor,
  type ModelConfig,
} from '@/server/shared/runs/model-config';

const base = defaultModelConfig('classification');
const withChanges = (changes: Partial<ModelConfig>) => ({ ...base, ...changes });
const messages = (input: unknown) => modelConfigSchema.safeParse(input).error?.issues.map((i) => i.message) ?? [];

describe('model config schema', () => {
  it('accepts the defaults of both task kinds', () => {
    for (const kind of ['classification', 'regression'] as const) {
      expect(modelConfigSchemaFor(kind).safeParse(defaultModelConfig(kind)).success).toBe(true);
    }
  });

  it('refuses a learning rate of 50 and says why', () => {
    expect(messages(withChanges({ learningRate: 50 }))).toEqual([
      'a learning rate of 50 will diverge; use ≤ 10 (typical: 1e-4 … 1e-1)',
    ]);
    expect(messages(withChanges({ learningRate: 10 }))).toEqual([]);
    expect(messages(withChanges({ learningRate: 0 }))).toEqual(['the learning rate must be above 0']);
  });

  it.each([
    ['units above 4096', { hiddenLayers: [{ units: 4097, activation: 'relu', dropout: 0 }] }],
    ['zero units', { hiddenLayers: [{ units: 0, activation: 'relu', dropout: 0 }] }],
    ['fractional units', { hiddenLayers: [{ units: 1.5, activation: 'relu', dropout: 0 }] }],
    ['dropout above 0.9', { hiddenLayers: [{ units: 8, activation: 'relu', dropout: 0.95 }] }],
    ['an unknown activation', { hiddenLayers: [{ units: 8, activation: 'swish', dropout: 0 }] }],
    ['batch size 0', { batchSize: 0 }],
    ['batch size above 65536', { batchSize: 65537 }],
    ['0 epochs', { epochs: 0 }],
    ['10001 epochs', { epochs: 10001 }],
    ['l2 above 1', { l2: 2 }],
    ['a decay of 1', { learningRateDecay: 1 }],
    ['adam beta1 of 1', { optimizer: { kind: 'adam', beta1: 1, beta2: 0.999 } }],
    ['randomNormal without stddev', { initializer: { kind: 'randomNormal' } }],
    ['a negative seed', { seed: -1 }],
  ])('refuses %s', (_name, changes) => {
    expect(modelConfigSchema.safeParse(withChanges(changes as Partial<ModelConfig>)).success).toBe(false);
  });

  it.each([
    ['logistic regression (no hidden layers)', { hiddenLayers: [] }],
    ['full-batch training', { batchSize: 'full' as const }],
    ['momentum', { optimizer: { kind: 'momentum' as const, momentum: 0.9 } }],
    ['rmsprop', { optimizer: { kind: 'rmsprop' as const, rho: 0.9 } }],
    ['randomNormal with stddev', { initializer: { kind: 'randomNormal' as const, stddev: 0.05 } }],
  ])('accepts %s', (_name, changes) => {
    expect(modelConfigSchema.safeParse(withChanges(changes)).success).toBe(true);
  });

  it('refuses an early-stopping metric the task does not compute', () => {
    const config = withChanges({ earlyStopping: { ...base.earlyStopping, metric: 'devRmse' } });
    const result = modelConfigSchemaFor('classification').safeParse(config);
    expect(result.error?.issues[0]?.path).toEqual(['earlyStopping', 'metric']);
    expect(modelConfigSchemaFor('regression').safeParse(config).success).toBe(true);
  });

  it('counts parameters like the built network', () => {
    // 10·64+64 + 64·32+32 + 32·3+3
    expect(countParams(base, 10, 3)).toBe(704 + 2080 + 99);
    // Batch norm drops the dense bias and adds gamma and beta.
    expect(countParams({ ...base, batchNorm: true }, 10, 3)).toBe(640 + 128 + 2048 + 64 + 99);
  });
});

describe('every refusal of a model config is in words a person reads, naming the field', () => {
  const base = defaultModelConfig('classification');
  const cases: [string, Record<string, unknown>][] = [
    ['epochs', { epochs: 0 }],
    ['epochs', { epochs: 1.5 }],
    ['l2', { l2: -1 }],
    ['l2', { l2: 2 }],
    ['seed', { seed: -3 }],
    ['learningRateDecay', { learningRateDecay: -0.1 }],
    ['earlyStopping.patience', { earlyStopping: { ...base.earlyStopping, patience: 0 } }],
    ['hiddenLayers.0.units', { hiddenLayers: [{ units: 0.5, activation: 'relu', dropout: 0 }] }],
    ['hiddenLayers.0.dropout', { hiddenLayers: [{ units: 8, activation: 'relu', dropout: -0.1 }] }],
    ['batchSize', { batchSize: 0 }],
    ['optimizer.beta1', { optimizer: { kind: 'adam', beta1: -0.5, beta2: 0.999 } }],
    ['initializer.stddev', { initializer: { kind: 'randomNormal', stddev: 0 } }],
  ];
  it.each(cases)('%s', (path, patch) => {
    const result = modelConfigSchema.safeParse({ ...base, ...patch });
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((i) => i.path.join('.') === path) ?? result.error!.issues[0]!;
    expect(issue.message).not.toMatch(/^(Too small|Too big|Invalid input|Expected)/);
  });
});
