import { meanWithTInterval, studentTCdf, type MeanInterval } from '../stats/student-t';
import type { Direction } from './early-stopping';
import type { Assignment } from './space';

/**
 * Naming a sweep's winner honestly. Configurations are ranked on their mean goal over the sweep's
 * seeds (one lucky seed does not win), with a t interval of that mean; the top two are compared
 * seed by seed (a paired t test over the seeds both trained on), and when the interval of the
 * difference covers zero the page says, in words, that they cannot be told apart. Trials of
 * "confirm the top k" train on fresh seeds and are summarised apart: the sweep's own mean of the
 * winner is optimistic (it won on those seeds), the confirmation's is not.
 */

export interface TrialOutcome {
  configKey: string;
  assignment: Assignment;
  seed: number;
  source: 'strategy' | 'manual' | 'confirm';
  status: string;
  value: number | null;
}

export interface ConfigSummary {
  configKey: string;
  assignment: Assignment;
  /** Over the sweep's finished trials of this configuration (strategy and by hand). */
  sweep: MeanInterval;
  /** Over its confirmation trials on fresh seeds; null when none finished. */
  confirm: MeanInterval | null;
  trials: number;
  stopped: number;
}

export interface PairedComparison {
  /** Winner minus runner-up, in the goal's units (positive: the winner is better when maximising). */
  difference: MeanInterval;
  pValue: number | null;
  /** Which seeds the pair is compared on: the sweep's or the confirmation's. */
  on: 'sweep' | 'confirm';
}

export interface WinnerReport {
  ranked: ConfigSummary[];
  comparison: PairedComparison | null;
  /** Whether the top two can be told apart at 95 %; null with fewer than two configurations. */
  separated: boolean | null;
  verdict: string;
}

function finished(t: TrialOutcome): t is TrialOutcome & { value: number } {
  return t.status === 'succeeded' && t.value !== null && Number.isFinite(t.value);
}

export function rankConfigurations(trials: readonly TrialOutcome[], direction: Direction): ConfigSummary[] {
  const byKey = new Map<string, TrialOutcome[]>();
  for (const t of trials) byKey.set(t.configKey, [...(byKey.get(t.configKey) ?? []), t]);
  const summaries: ConfigSummary[] = [];
  for (const [configKey, group] of byKey) {
    const sweepValues = group.filter((t) => t.source !== 'confirm' && finished(t)).map((t) => t.value!);
    if (sweepValues.length === 0) continue;
    const confirmValues = group.filter((t) => t.source === 'confirm' && finished(t)).map((t) => t.value!);
    summaries.push({
      configKey,
      assignment: group[0]!.assignment,
      sweep: meanWithTInterval(sweepValues),
      confirm: confirmValues.length ? meanWithTInterval(confirmValues) : null,
      trials: group.length,
      stopped: group.filter((t) => t.status === 'stopped').length,
    });
  }
  const sign = direction === 'maximize' ? -1 : 1;
  return summaries.sort((a, b) => sign * (a.sweep.mean - b.sweep.mean) || a.configKey.localeCompare(b.configKey));
}

/** Seed-paired differences of two configurations' values (a − b) over the seeds both finished. */
function pairedDifferences(trials: readonly TrialOutcome[], a: string, b: string, confirm: boolean): number[] {
  const values = (key: string) =>
    new Map(trials.filter((t) => t.configKey === key && (t.source === 'confirm') === confirm && finished(t)).map((t) => [t.seed, t.value!] as const));
  const va = values(a);
  const vb = values(b);
  return [...va].filter(([seed]) => vb.has(seed)).map(([seed, value]) => value - vb.get(seed)!);
}

export function pairedComparison(trials: readonly TrialOutcome[], winner: string, runnerUp: string, direction: Direction): PairedComparison | null {
  // Fresh seeds first: the winner was chosen on the sweep's seeds, so those flatter it.
  for (const on of ['confirm', 'sweep'] as const) {
    const raw = pairedDifferences(trials, winner, runnerUp, on === 'confirm');
    if (raw.length < 2) continue;
    const oriented = direction === 'maximize' ? raw : raw.map((d) => -d);
    const difference = meanWithTInterval(oriented);
    const t = difference.std ? difference.mean / (difference.std / Math.sqrt(difference.n)) : null;
    const pValue = t === null ? null : 2 * (1 - studentTCdf(Math.abs(t), difference.n - 1));
    return { difference, pValue, on };
  }
  return null;
}

export function nameWinner(trials: readonly TrialOutcome[], direction: Direction, goalName: string): WinnerReport {
  const ranked = rankConfigurations(trials, direction);
  if (ranked.length === 0) return { ranked, comparison: null, separated: null, verdict: 'No configuration has finished yet.' };
  if (ranked.length === 1) return { ranked, comparison: null, separated: null, verdict: 'Only one configuration has finished: there is nothing to compare it with yet.' };
  const [first, second] = ranked as [ConfigSummary, ConfigSummary];
  const comparison = pairedComparison(trials, first.configKey, second.configKey, direction);
  if (!comparison) {
    return {
      ranked,
      comparison,
      separated: false,
      verdict: `The top two configurations have fewer than two seeds in common, so one lucky seed could explain the gap in ${goalName}. Confirm the top 2 on fresh seeds to tell them apart.`,
    };
  }
  const d = comparison.difference;
  const interval = `${signed(d.mean)} (95% CI ${signed(d.lower!)} to ${signed(d.upper!)}, ${d.n} paired ${comparison.on === 'confirm' ? 'fresh ' : ''}seeds${comparison.pValue === null ? '' : `, p = ${comparison.pValue.toPrecision(2)}`})`;
  const separated = d.lower! > 0 || d.upper! < 0;
  const better = direction === 'maximize' ? 'higher' : 'lower';
  const verdict = separated
    ? `The winner's ${goalName} is ${better} than the runner-up's by ${interval}: the gap is larger than the seeds' noise.`
    : `The top two cannot be told apart: the winner's ${goalName} differs from the runner-up's by ${interval}, an interval that includes no difference at all.${comparison.on === 'sweep' ? ' Confirm the top 2 on fresh seeds, or add seeds.' : ' Either is as good a choice on this dev split.'}`;
  return { ranked, comparison, separated, verdict };
}

function signed(value: number): string {
  const text = Math.abs(value) >= 0.01 || value === 0 ? value.toFixed(3) : value.toPrecision(2);
  return value > 0 ? `+${text}` : text;
}
