import { defaultModelConfig, type ModelConfig } from '@/server/domain/runs/model-config';
import { generatePlanar } from '@/server/domain/examples/generators';
import { defaultPreprocessingSpec, type SplitPart } from '../../../workers/shared/tabular';
import type { TrainRequest } from '../../../workers/trainer/train';

export function moonsPart(n: number, seed: number, noise = 0.1): SplitPart {
  const { x1: x, x2: y, label } = generatePlanar({ kind: 'moons', rows: n, noise, seed, classes: 2 });
  return {
    features: {
      rowCount: n,
      columns: [
        { name: 'x', kind: 'numeric', values: x },
        { name: 'y', kind: 'numeric', values: y },
      ],
    },
    target: label,
  };
}

/** A config that solves two moons in a few seconds on any backend. */
export function moonsConfig(overrides: Partial<ModelConfig> = {}): ModelConfig {
  return {
    ...defaultModelConfig('classification'),
    hiddenLayers: [
      { units: 32, activation: 'relu', dropout: 0 },
      { units: 32, activation: 'relu', dropout: 0 },
    ],
    learningRate: 0.01,
    batchSize: 32,
    epochs: 40,
    ...overrides,
  };
}

export function moonsRequest(overrides: Partial<ModelConfig> = {}, sizes = { train: 800, dev: 400 }): TrainRequest {
  return {
    taskKind: 'classification',
    classes: ['upper', 'lower'],
    config: moonsConfig(overrides),
    preprocessing: defaultPreprocessingSpec,
    train: moonsPart(sizes.train, 1),
    dev: moonsPart(sizes.dev, 2),
  };
}

/** Diverges to NaN within the first epoch: huge initial weights and plain SGD at 10. */
export const divergingOverrides: Partial<ModelConfig> = {
  optimizer: { kind: 'sgd' },
  learningRate: 10,
  initializer: { kind: 'randomNormal', stddev: 5 },
  epochs: 20,
  earlyStopping: { enabled: false, metric: 'devLoss', patience: 5, restoreBest: false },
};
