import { defaultModelConfig, type ModelConfig, type TaskKind } from '@/server/shared/runs/model-config';
import { generatePlanar } from '@/server/shared/examples/generators';
import { normal, seededUniform } from '../../../server/shared/seeded-random';
import { defaultPreprocessingSpec, type SplitPart } from '../../../server/shared/tabular';
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

const FEATURES = 48;

/** Three classes (or a value) from 48 normal features: enough parameters per step for data-parallel training. */
function widePart(rows: number, seed: number, taskKind: TaskKind): SplitPart {
  const random = seededUniform(seed);
  const columns = Array.from({ length: FEATURES }, (_, c) => ({
    name: `f${c}`,
    kind: 'numeric' as const,
    values: Float32Array.from({ length: rows }, () => normal(random)),
  }));
  const score = (row: number) => columns[0]!.values[row]! - 0.5 * columns[1]!.values[row]! + 0.25 * columns[2]!.values[row]!;
  const target =
    taskKind === 'classification'
      ? Int32Array.from({ length: rows }, (_, row) => (score(row) > 0.4 ? 2 : score(row) > -0.4 ? 1 : 0))
      : Float64Array.from({ length: rows }, (_, row) => 3 * score(row) + 0.1 * normal(random));
  return { features: { rowCount: rows, columns }, target };
}

export function wideRequest(taskKind: TaskKind, overrides: Partial<ModelConfig>, trainRows = 1950): TrainRequest {
  return {
    taskKind,
    classes: taskKind === 'classification' ? ['low', 'mid', 'high'] : [],
    config: {
      ...defaultModelConfig(taskKind),
      hiddenLayers: [
        { units: 192, activation: 'relu', dropout: 0 },
        { units: 96, activation: 'tanh', dropout: 0 },
      ],
      batchSize: 128,
      epochs: 3,
      learningRate: 1e-3,
      earlyStopping: { enabled: false, metric: 'devLoss', patience: 1, restoreBest: false },
      ...overrides,
    },
    preprocessing: defaultPreprocessingSpec,
    train: widePart(trainRows, 1, taskKind),
    dev: widePart(400, 2, taskKind),
  };
}
