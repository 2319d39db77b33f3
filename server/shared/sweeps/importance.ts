import type { Assignment, ParamValue } from './space';

/**
 * Parameter importance as the share of the goal's variance each parameter explains on its own:
 * the correlation ratio η² = SS_between / SS_total of the finished trials grouped by the
 * parameter's value (categories as they are; numbers in equal-count bins by rank, so a log scale
 * and a linear one give the same answer: up to 5 bins, at least 3 trials to a bin on average, or
 * with one trial per bin every parameter would explain everything). This is fANOVA's main effect measured on the
 * trials themselves rather than on a fitted forest: it needs no surrogate and cannot invent
 * structure, but it ignores interactions, and with few trials every parameter explains some
 * variance by chance — the page shows the trial count beside it.
 */

export interface ParameterImportance {
  parameter: string;
  /** η² in [0, 1]. */
  share: number;
  groups: number;
}

const MAX_BINS = 5;

export function parameterImportance(trials: readonly { assignment: Assignment; value: number }[]): ParameterImportance[] {
  const usable = trials.filter((t) => Number.isFinite(t.value));
  if (usable.length < 3) return [];
  const names = [...new Set(usable.flatMap((t) => Object.keys(t.assignment)))].sort();
  const result: ParameterImportance[] = [];
  for (const name of names) {
    const present = usable.filter((t) => t.assignment[name] !== undefined);
    if (present.length < 3) continue;
    const groups = groupOf(present.map((t) => t.assignment[name]!));
    const sums = new Map<number, { sum: number; n: number }>();
    present.forEach((t, i) => {
      const g = sums.get(groups[i]!) ?? { sum: 0, n: 0 };
      g.sum += t.value;
      g.n += 1;
      sums.set(groups[i]!, g);
    });
    if (sums.size < 2) continue;
    // Over the trials that have the parameter (units_3 exists only in three-layer trials).
    const mean = present.reduce((s, t) => s + t.value, 0) / present.length;
    const total = present.reduce((s, t) => s + (t.value - mean) ** 2, 0);
    const between = [...sums.values()].reduce((s, g) => s + g.n * (g.sum / g.n - mean) ** 2, 0);
    result.push({ parameter: name, share: total > 0 ? Math.min(1, between / total) : 0, groups: sums.size });
  }
  return result.sort((a, b) => b.share - a.share || a.parameter.localeCompare(b.parameter));
}

/** Group index per value: each category its own group; numbers binned by rank into equal-count bins. */
function groupOf(values: ParamValue[]): number[] {
  if (values.some((v) => typeof v !== 'number')) {
    const index = new Map<string, number>();
    return values.map((v) => {
      const key = String(v);
      if (!index.has(key)) index.set(key, index.size);
      return index.get(key)!;
    });
  }
  const numbers = values as number[];
  const distinct = [...new Set(numbers)].sort((a, b) => a - b);
  const bins = Math.max(2, Math.min(MAX_BINS, Math.floor(numbers.length / 3)));
  if (distinct.length <= bins) return numbers.map((v) => distinct.indexOf(v));
  const order = numbers.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const groups = new Array<number>(numbers.length);
  order.forEach(([, i], rank) => (groups[i] = Math.floor((rank * bins) / numbers.length)));
  return groups;
}
