'use client';

import type { ReactNode } from 'react';
import type { ModelConfig } from '@/server/shared/runs/model-config';
import { Card } from '@/app/components/ui/card';
import { CopyButton } from '@/app/components/ui/copy-button';
import { JsonDetails } from '@/app/components/ui/json-details';
import { METRIC_NAMES } from '@/server/shared/runs/model-config';

const INITIALIZER_NAMES = { he: 'He normal', glorot: 'Glorot uniform', randomNormal: 'Random normal' } as const;

function optimizerText(o: ModelConfig['optimizer']): string {
  switch (o.kind) {
    case 'adam':
      return `Adam (β₁ ${o.beta1}, β₂ ${o.beta2})`;
    case 'momentum':
      return `SGD with momentum ${o.momentum}`;
    case 'rmsprop':
      return `RMSprop (ρ ${o.rho})`;
    case 'sgd':
      return 'SGD';
  }
}

function Entry({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-4 py-1.5">
      <dt className="text-sm text-slate-500">{term}</dt>
      <dd className="text-right text-sm font-medium tabular-nums text-slate-900">{children}</dd>
    </div>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div>
      <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h3>
      <dl className="divide-y divide-slate-100">{children}</dl>
    </div>
  );
}

/**
 * The run's whole model config, as the launch form asked for it: what a teammate needs to read a
 * run without cloning it, and a copy as JSON for a notebook or the API.
 */
export function RunConfig({ config }: { config: ModelConfig }) {
  const json = JSON.stringify(config, null, 2);
  const layers = config.hiddenLayers;
  const es = config.earlyStopping;
  return (
    <Card title="Configuration" actions={<CopyButton value={json} label="Copy as JSON" failedHint="Copying is blocked here: open “As JSON” and select it" />}>
      <div className="grid gap-6 md:grid-cols-3">
        <Group title="Architecture">
          <Entry term="Hidden layers">{layers.length === 0 ? 'none (a linear model)' : layers.length}</Entry>
          {layers.map((layer, i) => (
            <Entry key={i} term={`Layer ${i + 1}`}>
              {layer.units} units · {layer.activation}
              {layer.dropout > 0 ? ` · dropout ${layer.dropout}` : ''}
            </Entry>
          ))}
          <Entry term="Initializer">
            {INITIALIZER_NAMES[config.initializer.kind]}
            {config.initializer.kind === 'randomNormal' ? ` (σ ${config.initializer.stddev})` : ''}
          </Entry>
          <Entry term="Batch normalization">{config.batchNorm ? 'after each hidden layer' : 'off'}</Entry>
        </Group>
        <Group title="Optimization">
          <Entry term="Optimizer">{optimizerText(config.optimizer)}</Entry>
          <Entry term="Learning rate">{config.learningRate}</Entry>
          <Entry term="Per-epoch decay">{config.learningRateDecay === 0 ? 'none' : config.learningRateDecay}</Entry>
          <Entry term="Batch size">{config.batchSize === 'full' ? 'full batch' : config.batchSize}</Entry>
          <Entry term="Epochs">{config.epochs}</Entry>
        </Group>
        <Group title="Regularization and run">
          <Entry term="L2 penalty">{config.l2 === 0 ? 'off' : config.l2}</Entry>
          <Entry term="Early stopping">
            {es.enabled ? `watch ${METRIC_NAMES[es.metric]}, patience ${es.patience}${es.restoreBest ? ', restore best' : ''}` : 'off'}
          </Entry>
          <Entry term="Seed">{config.seed}</Entry>
          <Entry term="Worker">{config.needsGpu ? 'GPU workers only' : 'any worker'}</Entry>
        </Group>
      </div>
      <JsonDetails json={json} label="Configuration as JSON" />
    </Card>
  );
}
