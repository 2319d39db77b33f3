import { z } from 'zod';
import { canonicalJson } from '../splits/manifest';
import {
  ACTIVATIONS,
  INITIALIZERS,
  OPTIMIZERS,
  modelConfigSchemaFor,
  type ModelConfig,
  type OptimizerConfig,
  type KernelInitializer,
  type TaskKind,
} from '../runs/model-config';

/**
 * A sweep's search space: a distribution per model-config field. Pure and shared: the launch form
 * previews grids and budgets with it, the web process validates with it, and the scheduler (in
 * whichever worker runs it) samples and applies assignments with it.
 *
 * The names are the fields a person tunes, not JSON paths: `activation` and `dropout` set every
 * hidden layer; `layers` sets the hidden-layer count and `units` the units of each layer it
 * makes (sampled layer by layer: `units_1`, `units_2`, … exist only up to the sampled count);
 * `beta1`/`beta2`, `momentum` and `rho` apply only when the optimizer is the one that has them.
 */
export const SWEEP_PARAMS = [
  'learningRate',
  'learningRateDecay',
  'l2',
  'dropout',
  'layers',
  'units',
  'activation',
  'initializer',
  'optimizer',
  'beta1',
  'beta2',
  'momentum',
  'rho',
  'batchSize',
  'epochs',
  'batchNorm',
] as const;
export type SweepParam = (typeof SWEEP_PARAMS)[number];

type ParamType = 'float' | 'int' | 'activation' | 'initializer' | 'optimizer' | 'boolean';
const PARAM_TYPE: Record<SweepParam, ParamType> = {
  learningRate: 'float',
  learningRateDecay: 'float',
  l2: 'float',
  dropout: 'float',
  layers: 'int',
  units: 'int',
  activation: 'activation',
  initializer: 'initializer',
  optimizer: 'optimizer',
  beta1: 'float',
  beta2: 'float',
  momentum: 'float',
  rho: 'float',
  batchSize: 'int',
  epochs: 'int',
  batchNorm: 'boolean',
};

const finite = (what: string) => z.number(`${what} must be a number`).refine(Number.isFinite, `${what} must be finite`);

export const distributionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('categorical'), values: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1, 'a categorical parameter needs at least one value').max(64, 'at most 64 values') }),
  /** Uniform on [low, high]; with `step`, on the grid low, low + step, … ≤ high. */
  z.object({ kind: z.literal('uniform'), low: finite('low'), high: finite('high'), step: finite('step').positive('step must be above 0').optional() }),
  /** log(x) uniform on [log low, log high]: learning rates, L2. */
  z.object({ kind: z.literal('logUniform'), low: finite('low'), high: finite('high') }),
  /** Whole numbers low … high (with `step`: low, low + step, …); `log` spreads them evenly in log space (units). */
  z.object({ kind: z.literal('int'), low: z.int('low is a whole number'), high: z.int('high is a whole number'), step: z.int('step is a whole number').min(1, 'step is at least 1').optional(), log: z.boolean().optional() }),
]);
export type Distribution = z.infer<typeof distributionSchema>;

/** The space as it travels and is stored; `checkSpace` adds the checks that need the base config. */
export const searchSpaceSchema = z
  .record(z.string(), distributionSchema)
  .superRefine((space, ctx) => {
    const entries = Object.entries(space);
    if (entries.length === 0) ctx.addIssue({ code: 'custom', message: 'the search space is empty: give at least one field a range or a list of values' });
    for (const [name, d] of entries) {
      if (!(SWEEP_PARAMS as readonly string[]).includes(name)) {
        ctx.addIssue({ code: 'custom', path: [name], message: `${name} is not a sweepable field; use one of ${SWEEP_PARAMS.join(', ')}` });
        continue;
      }
      const issue = distributionIssue(name as SweepParam, d);
      if (issue) ctx.addIssue({ code: 'custom', path: [name], message: issue });
    }
  });
/** Keys are checked to be SweepParams by the schema's refinement. */
export type SearchSpace = Partial<Record<SweepParam, Distribution>>;

function distributionIssue(name: SweepParam, d: Distribution): string | null {
  const type = PARAM_TYPE[name];
  if (d.kind === 'categorical') {
    const allowed: readonly unknown[] | null =
      type === 'activation' ? ACTIVATIONS : type === 'initializer' ? INITIALIZERS : type === 'optimizer' ? OPTIMIZERS : type === 'boolean' ? [true, false] : null;
    for (const value of d.values) {
      if (allowed && !allowed.includes(value)) return `${JSON.stringify(value)} is not a choice for ${name}; use ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
      if (!allowed && name === 'batchSize' && value === 'full') continue;
      if (!allowed && (typeof value !== 'number' || !Number.isFinite(value))) return `${name} takes numbers; ${JSON.stringify(value)} is not one`;
      if (!allowed && type === 'int' && !Number.isInteger(value)) return `${name} is a whole number; ${String(value)} is not`;
    }
    if (new Set(d.values.map((v) => JSON.stringify(v))).size !== d.values.length) return `${name} lists a value twice`;
    return null;
  }
  if (type !== 'float' && type !== 'int') return `${name} is a choice: give it as a categorical list of values`;
  if (type === 'int' && d.kind !== 'int') return `${name} is a whole number: use an int range (with log: true for a log scale)`;
  if (!(d.low < d.high)) return `the range of ${name} is empty or inverted: low (${d.low}) must be below high (${d.high})`;
  if ((d.kind === 'logUniform' || (d.kind === 'int' && d.log)) && d.low <= 0) return `a log range of ${name} must stay above 0 (low is ${d.low})`;
  if (d.kind === 'int' && d.log && d.step !== undefined && d.step !== 1) return `${name}: a log-scaled int range takes no step`;
  if ((d.kind === 'uniform' || d.kind === 'int') && d.step !== undefined && d.step > d.high - d.low) return `the step of ${name} (${d.step}) is wider than its range`;
  return null;
}

export type ParamValue = string | number | boolean;
/** One trial's sampled values: the space's names, with `units` as `units_1 … units_L`. */
export type Assignment = Record<string, ParamValue>;

/** Hidden layers a config ends up with under an assignment (what `units_i` depends on). */
export function layerCountOf(base: ModelConfig, assignment: Assignment): number {
  return typeof assignment.layers === 'number' ? assignment.layers : base.hiddenLayers.length;
}

const DEFAULT_LAYER = { units: 64, activation: 'relu', dropout: 0 } as const;

/**
 * The model config a trial trains: the base config with the assignment written in. The result
 * is not validated here; `configFor` does that and names the field.
 */
export function applyAssignment(base: ModelConfig, assignment: Assignment): ModelConfig {
  const config: ModelConfig = structuredClone(base);
  const n = layerCountOf(base, assignment);
  const template = base.hiddenLayers.at(-1) ?? DEFAULT_LAYER;
  config.hiddenLayers = Array.from({ length: n }, (_, i) => ({ ...(base.hiddenLayers[i] ?? template) }));
  config.hiddenLayers.forEach((layer, i) => {
    const units = assignment[`units_${i + 1}`] ?? assignment.units;
    if (typeof units === 'number') layer.units = units;
    if (typeof assignment.activation === 'string') layer.activation = assignment.activation as ModelConfig['hiddenLayers'][number]['activation'];
    if (typeof assignment.dropout === 'number') layer.dropout = assignment.dropout;
  });
  if (typeof assignment.learningRate === 'number') config.learningRate = assignment.learningRate;
  if (typeof assignment.learningRateDecay === 'number') config.learningRateDecay = assignment.learningRateDecay;
  if (typeof assignment.l2 === 'number') config.l2 = assignment.l2;
  if (typeof assignment.epochs === 'number') config.epochs = assignment.epochs;
  if (typeof assignment.batchNorm === 'boolean') config.batchNorm = assignment.batchNorm;
  if (assignment.batchSize !== undefined) config.batchSize = assignment.batchSize as ModelConfig['batchSize'];
  if (typeof assignment.initializer === 'string') config.initializer = initializerOf(assignment.initializer, base.initializer);
  if (typeof assignment.optimizer === 'string') config.optimizer = optimizerOf(assignment.optimizer, base.optimizer);
  const o = config.optimizer;
  if (o.kind === 'adam' && typeof assignment.beta1 === 'number') o.beta1 = assignment.beta1;
  if (o.kind === 'adam' && typeof assignment.beta2 === 'number') o.beta2 = assignment.beta2;
  if (o.kind === 'momentum' && typeof assignment.momentum === 'number') o.momentum = assignment.momentum;
  if (o.kind === 'rmsprop' && typeof assignment.rho === 'number') o.rho = assignment.rho;
  return config;
}

function initializerOf(kind: string, base: KernelInitializer): KernelInitializer {
  if (kind === base.kind) return base;
  return kind === 'randomNormal' ? { kind: 'randomNormal', stddev: 0.05 } : ({ kind } as KernelInitializer);
}

/** Another optimizer keeps the base's own coefficients when it is the same kind, else the usual defaults. */
function optimizerOf(kind: string, base: OptimizerConfig): OptimizerConfig {
  if (kind === base.kind) return base;
  if (kind === 'adam') return { kind: 'adam', beta1: 0.9, beta2: 0.999 };
  if (kind === 'momentum') return { kind: 'momentum', momentum: 0.9 };
  if (kind === 'rmsprop') return { kind: 'rmsprop', rho: 0.9 };
  return { kind: 'sgd' };
}

/** The trial's config, validated by the task's model-config schema; a bad one names its field. */
export function configFor(taskKind: TaskKind, base: ModelConfig, assignment: Assignment, seed: number): { ok: true; config: ModelConfig } | { ok: false; message: string } {
  const parsed = modelConfigSchemaFor(taskKind).safeParse({ ...applyAssignment(base, assignment), seed });
  if (parsed.success) return { ok: true, config: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, message: `${issue.path.join('.')}: ${issue.message}` };
}

/** Values that bound what a distribution can produce (every categorical value; a range's ends). */
function extremes(d: Distribution): ParamValue[] {
  return d.kind === 'categorical' ? d.values : [d.low, d.high];
}

/**
 * Refuses, before launch, a space that can produce a config the trainer would refuse: every
 * parameter's extremes are written into the base config one at a time (and the largest layer
 * count with the widest units) and validated. Returns the first problem, naming the field.
 */
export function checkSpace(taskKind: TaskKind, base: ModelConfig, space: SearchSpace): string | null {
  for (const [name, d] of Object.entries(space) as [SweepParam, Distribution][]) {
    for (const value of extremes(d)) {
      const assignment: Assignment = name === 'units' ? { units: value } : { [name]: value };
      const result = configFor(taskKind, base, assignment, base.seed);
      if (!result.ok) return `space.${name} reaches ${JSON.stringify(value)}, which no run accepts (${result.message})`;
    }
  }
  return null;
}

/** Every value a grid takes for one distribution, or the reason it has none. */
export function gridValues(name: SweepParam, d: Distribution): { values: ParamValue[] } | { error: string } {
  if (d.kind === 'categorical') return { values: d.values };
  if (d.kind === 'logUniform') return { error: `a grid needs a list of values or a step: ${name} is log-uniform; list the values instead (for example 1e-4, 1e-3, 1e-2)` };
  if (d.kind === 'uniform' && d.step === undefined) return { error: `a grid needs a list of values or a step: give ${name} a step or list its values` };
  if (d.kind === 'int' && d.log) return { error: `a grid needs evenly stepped values: list the values of ${name} instead of a log range` };
  const step = d.step ?? 1;
  const count = Math.floor((d.high - d.low) / step + 1e-9) + 1;
  if (count > 10_000) return { error: `${name} alone has ${count} grid values; widen its step` };
  return { values: Array.from({ length: count }, (_, k) => onStep(d.low + k * step, d.low, step)) };
}

/**
 * The step value nearest `value` (low, low + step, …), rounded so that floating-point
 * accumulation (0.1 + 0.2 …) does not leave 0.30000000000000004 in a config. Grids and samplers share it.
 */
export function onStep(value: number, low: number, step: number): number {
  const snapped = low + Math.round((value - low) / step) * step;
  const decimals = Math.max(0, Math.ceil(-Math.log10(step)) + 2);
  return Number(snapped.toFixed(Math.min(decimals, 12)));
}

/**
 * The keys an assignment holds for one parameter: `units` becomes `units_1 … units_L` for the L
 * hidden layers the trial has (so `layers` must be assigned first: see `orderedEntries`).
 */
export function keysOf(name: SweepParam, base: ModelConfig, assignment: Assignment): string[] {
  if (name !== 'units') return [name];
  return Array.from({ length: layerCountOf(base, assignment) }, (_, i) => `units_${i + 1}`);
}

/** How many configurations a grid has: the product of every parameter's value count. */
export function gridSize(space: SearchSpace): { size: number } | { error: string } {
  let size = 1;
  for (const [name, d] of Object.entries(space) as [SweepParam, Distribution][]) {
    const values = gridValues(name, d);
    if ('error' in values) return values;
    size *= values.values.length;
  }
  return { size };
}

/** The grid's configuration number `index` (0-based, last parameter varying fastest). */
export function gridAssignment(space: SearchSpace, index: number): Assignment {
  const entries = (Object.entries(space) as [SweepParam, Distribution][]).map(([name, d]) => {
    const values = gridValues(name, d);
    if ('error' in values) throw new Error(values.error);
    return [name, values.values] as const;
  });
  const assignment: Assignment = {};
  let rest = index;
  for (let i = entries.length - 1; i >= 0; i--) {
    const [name, values] = entries[i]!;
    assignment[name] = values[rest % values.length]!;
    rest = Math.floor(rest / values.length);
  }
  return assignment;
}

/** A stable key for "the same configuration" (replicates over seeds share it). */
export function assignmentKey(assignment: Assignment): string {
  return JSON.stringify(Object.keys(assignment).sort().map((k) => [k, assignment[k]]));
}

/** A config's value of one sweep parameter (for `units`, layer i's width), as a trial would have sampled it. */
function valueInConfig(name: SweepParam, config: ModelConfig, layer = 0): ParamValue | undefined {
  const o = config.optimizer as Record<string, unknown>;
  switch (name) {
    case 'layers':
      return config.hiddenLayers.length;
    case 'units':
      return config.hiddenLayers[layer]?.units;
    case 'activation':
      return config.hiddenLayers[0]?.activation;
    case 'dropout':
      return config.hiddenLayers[0]?.dropout;
    case 'initializer':
      return config.initializer.kind;
    case 'optimizer':
      return config.optimizer.kind;
    case 'beta1':
    case 'beta2':
    case 'momentum':
    case 'rho':
      return typeof o[name] === 'number' ? (o[name] as number) : undefined;
    default:
      return config[name] as ParamValue;
  }
}

function inside(d: Distribution, value: ParamValue | undefined): boolean {
  if (value === undefined) return false;
  if (d.kind === 'categorical') return d.values.some((v) => v === value);
  return typeof value === 'number' && value >= d.low && value <= d.high;
}

/**
 * An existing run's config read back as an assignment of this space (warm start: runs trained
 * on the split before the sweep seed the adaptive strategy). Null when the run is not a point of
 * the space: a value out of range or not among the categories, or any field outside the space
 * that differs from the base config (checked by writing the assignment back into the base), so
 * TPE never learns from points it could not have proposed.
 */
export function assignmentFromConfig(space: SearchSpace, base: ModelConfig, config: ModelConfig): Assignment | null {
  const assignment: Assignment = {};
  for (const [name, d] of Object.entries(space) as [SweepParam, Distribution][]) {
    if (name === 'units') {
      for (let i = 0; i < config.hiddenLayers.length; i++) {
        const units = valueInConfig('units', config, i);
        if (!inside(d, units)) return null;
        assignment[`units_${i + 1}`] = units!;
      }
      continue;
    }
    if ((name === 'activation' || name === 'dropout') && new Set(config.hiddenLayers.map((l) => l[name])).size > 1) return null;
    const value = valueInConfig(name, config);
    if (!inside(d, value)) return null;
    assignment[name] = value!;
  }
  const rebuilt = applyAssignment(base, assignment);
  return sameConfig({ ...rebuilt, seed: 0 }, { ...config, seed: 0 }) ? assignment : null;
}

/** Equal as stored configs (JSON drops undefined fields; key order does not matter). */
function sameConfig(a: ModelConfig, b: ModelConfig): boolean {
  return canonicalJson(JSON.parse(JSON.stringify(a))) === canonicalJson(JSON.parse(JSON.stringify(b)));
}
