import { describe, expect, it } from 'vitest';
import { defaultModelConfig } from '@/server/shared/runs/model-config';
import { defaultRunName, runNameOf } from '@/server/shared/runs/run-name';

describe('run names', () => {
  const base = defaultModelConfig('classification');

  it('defaults to the architecture and optimizer at a glance', () => {
    expect(defaultRunName(base)).toBe('64·32 relu adam 1e-3');
    expect(defaultRunName({ ...base, hiddenLayers: [], optimizer: { kind: 'sgd' }, learningRate: 0.1 })).toBe('linear sgd 0.1');
    expect(defaultRunName({ ...base, hiddenLayers: [{ units: 64, activation: 'relu', dropout: 0 }, { units: 16, activation: 'tanh', dropout: 0 }], learningRate: 0.0025 })).toBe('64 relu·16 tanh adam 3e-3');
  });

  it('uses the given name when there is one', () => {
    expect(runNameOf({ name: 'wider', config: base })).toBe('wider');
    expect(runNameOf({ name: null, config: base })).toBe('64·32 relu adam 1e-3');
  });
});

describe('run names of odd stored configs', () => {
  it('never throws on a config missing fields (older rows, hand-written data)', () => {
    expect(defaultRunName({ hiddenLayers: [{ units: 8, activation: 'relu', dropout: 0 }] } as never)).toBe('8 relu sgd');
    expect(defaultRunName({} as never)).toBe('linear sgd');
  });
});
