import type { ModelConfig } from './model-config';

export const MAX_RUN_NAME_LENGTH = 80;

function rate(value: number): string {
  return value >= 0.01 && value < 100 ? String(Number.parseFloat(value.toPrecision(2))) : value.toExponential(0).replace('e+', 'e');
}

/**
 * The name a run has until someone gives it one: its architecture and optimizer in a glance,
 * "64·32 relu adam 1e-3" ("linear sgd 0.1" without hidden layers; "64 relu·32 tanh …" when the
 * layers' activations differ).
 */
export function defaultRunName(config: ModelConfig): string {
  // Stored configs are validated at launch, but read defensively: a name must never break a page.
  const layers = Array.isArray(config?.hiddenLayers) ? config.hiddenLayers : [];
  const activations = new Set(layers.map((l) => l.activation));
  const shape =
    layers.length === 0
      ? 'linear'
      : activations.size === 1
        ? `${layers.map((l) => l.units).join('·')} ${layers[0]!.activation}`
        : layers.map((l) => `${l.units} ${l.activation}`).join('·');
  const optimizer = config?.optimizer?.kind ?? 'sgd';
  const lr = typeof config?.learningRate === 'number' ? ` ${rate(config.learningRate)}` : '';
  return `${shape} ${optimizer}${lr}`;
}

/** What a run is called: the name someone gave it, else its default. */
export function runNameOf(run: { name: string | null; config: ModelConfig }): string {
  return run.name ?? defaultRunName(run.config);
}
