import 'server-only';
import { DomainError } from '../../shared/errors';
import { assertColumnLength, encodeCategories } from '../../shared/splits/columns';
import { categoryCounts, compareCategoricalFeature, compareNumericFeature, presentSorted, type FeatureCheck } from './drift';
import { countParts } from '../../shared/splits/fractions';
import { meanAndStd, quantileSorted } from '../../shared/stats/summary';
import { PART_CODES, PART_NAMES, type PartCounts, type SplitAssignment, type SplitInputColumn, type SplitPart } from '../../shared/splits/types';

/** Why the label is not among the dev-vs-test checks. */
export const SEALED_LABEL_CHECK_REASON = 'test labels are sealed: dev and test are compared on features only';

const SEVERITY_RANK: Record<Severity, number> = { none: 0, minor: 1, major: 2 };
/** The most severe of the checks' gradings ('none' for no checks). */
export function worstSeverity(checks: readonly { severity: Severity }[]): Severity {
  return checks.reduce<Severity>((s, c) => (SEVERITY_RANK[c.severity] > SEVERITY_RANK[s] ? c.severity : s), 'none');
}

/** Standard PSI reading: below 0.1 stable, 0.1–0.25 a moderate shift, above 0.25 a major one. */
export const PSI_MINOR = 0.1;
export const PSI_MAJOR = 0.25;
/** Family-wise error rate, split across all checks of one comparison (Bonferroni). */
export const FAMILY_ALPHA = 0.05;
/** Below this many rows per part the checks have little power; the verdict says so. */
export const LOW_POWER_ROWS = 100;

export type TargetSpec = { readonly name: string; readonly column: SplitInputColumn; readonly task: 'classification' | 'regression' };
export type GuidanceInput = {
  readonly assignment: SplitAssignment;
  readonly target?: TargetSpec;
  /** Candidate features; the target, date and free-text columns are skipped (see `skipped`). */
  readonly features?: Readonly<Record<string, SplitInputColumn>>;
  /** A current dev accuracy, if known, for a tighter interval than the worst case p = 0.5. */
  readonly observedAccuracy?: number;
  /** How the parts were drawn: the column a grouped or time-ordered split is built on differs between parts by design. */
  readonly definition?: { readonly strategy: string; readonly column?: string };
};

export type LabelShare = { readonly label: string; readonly count: number; readonly share: number };
export type TargetSummary = {
  readonly count: number; readonly missing: number; readonly mean: number; readonly std: number;
  readonly min: number; readonly p25: number; readonly median: number; readonly p75: number; readonly max: number;
};
export type PartSummary = { readonly part: SplitPart; readonly rows: number; readonly share: number; readonly labels?: LabelShare[]; readonly target?: TargetSummary };
/**
 * `halfWidthWorstCase` is in accuracy units (0.0098 = ±0.98 points) for classification, and a
 * fraction of the RMSE (0.044 = ±4.4% of its value) for regression; `metric` says which.
 */
export type PrecisionGuidance = { readonly part: SplitPart; readonly rows: number; readonly metric: 'accuracy' | 'rmse'; readonly halfWidthWorstCase: number; readonly halfWidthObserved?: number; readonly message: string };
export type Severity = 'none' | 'minor' | 'major';
export type GradedCheck = FeatureCheck & { readonly role: 'label' | 'feature'; readonly severity: Severity };
export type PartComparison = {
  readonly a: SplitPart; readonly b: SplitPart; readonly alpha: number; readonly checks: GradedCheck[];
  readonly skipped: { feature: string; reason: string }[]; readonly severity: Severity; readonly verdict: string;
};
export type SplitGuidance = { readonly parts: PartSummary[]; readonly precision: PrecisionGuidance[]; readonly devVsTest: PartComparison; readonly trainVsDev: PartComparison };

/** Half-width of the normal-approximation 95% interval on an accuracy measured on n rows. */
export function accuracyHalfWidth(n: number, p = 0.5): number {
  return n > 0 ? 1.96 * Math.sqrt((p * (1 - p)) / n) : Number.POSITIVE_INFINITY;
}

/**
 * Half-width of a 95% interval on an RMSE measured on n rows, as a fraction of the RMSE. For
 * roughly normal errors the mean squared error has variance 2σ⁴/n, so by the delta method the
 * RMSE's relative standard error is 1/√(2n). Heavier-tailed errors widen it.
 */
export function rmseRelativeHalfWidth(n: number): number {
  return n > 0 ? 1.96 / Math.sqrt(2 * n) : Number.POSITIVE_INFINITY;
}

const points = (x: number) => `±${(100 * x).toFixed(x < 0.001 ? 3 : 2)} points`;
const rowsText = (n: number) => `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`;

/**
 * How precisely dev and test can measure the task's metric (accuracy, or RMSE for regression), so
 * a team sees whether 1% of 1M is enough.
 */
export function precisionGuidance(counts: PartCounts, task: 'classification' | 'regression' = 'classification', observedAccuracy?: number): PrecisionGuidance[] {
  if (task === 'regression') {
    return (['dev', 'test'] as const).map((part) => {
      const rows = counts[part];
      const halfWidthWorstCase = rmseRelativeHalfWidth(rows);
      const percent = `±${(100 * halfWidthWorstCase).toFixed(halfWidthWorstCase < 0.01 ? 2 : 1)}%`;
      const message = `${part}: ${rowsText(rows)} measure RMSE to ${percent} of its value (95% interval, for roughly normal errors; heavy tails widen it); two models whose RMSEs differ by less than that cannot be told apart here.`;
      return { part, rows, metric: 'rmse', halfWidthWorstCase, message };
    });
  }
  if (observedAccuracy !== undefined && !(observedAccuracy >= 0 && observedAccuracy <= 1)) {
    throw new DomainError('BAD_INPUT', `Observed accuracy must be between 0 and 1 (got ${observedAccuracy}).`);
  }
  return (['dev', 'test'] as const).map((part) => {
    const rows = counts[part];
    const halfWidthWorstCase = accuracyHalfWidth(rows);
    const halfWidthObserved = observedAccuracy === undefined ? undefined : accuracyHalfWidth(rows, observedAccuracy);
    const observed = halfWidthObserved === undefined ? '' : `, ${points(halfWidthObserved)} at accuracy ${observedAccuracy}`;
    const message = `${part}: ${rowsText(rows)} measure accuracy to ${points(halfWidthWorstCase)} (95% interval, worst case${observed}); two models closer than that cannot be told apart here.`;
    return { part, rows, metric: 'accuracy', halfWidthWorstCase, ...(halfWidthObserved === undefined ? {} : { halfWidthObserved }), message };
  });
}

/** Rows per part plus the label distribution (classification) or target summary (regression). */
export function summarizeParts(assignment: SplitAssignment, target?: TargetSpec): PartSummary[] {
  const counts = countParts(assignment);
  if (target) assertColumnLength(target.column, target.name, assignment.length);
  const encoded = target?.task === 'classification' ? encodeCategories(target.column, target.name) : undefined;
  return PART_NAMES.map((part) => {
    const rows = counts[part];
    const base = { part, rows, share: assignment.length > 0 ? rows / assignment.length : 0 };
    if (encoded) {
      const byClass = categoryCounts(encoded, assignment, part);
      const labels = [...encoded.labels, '(missing)']
        .map((label, c) => ({ label, count: byClass[c]!, share: rows > 0 ? byClass[c]! / rows : 0 }))
        .filter((x, c) => c < encoded.labels.length || x.count > 0);
      return { ...base, labels };
    }
    if (target && (target.column.kind === 'numeric' || target.column.kind === 'date')) {
      const { sorted, missing } = presentSorted(target.column.values, assignment, PART_CODES[part]);
      const { mean, std } = meanAndStd(sorted);
      const q = (p: number) => quantileSorted(sorted, p);
      return { ...base, target: { count: sorted.length, missing, mean, std, min: q(0), p25: q(0.25), median: q(0.5), p75: q(0.75), max: q(1) } };
    }
    return base;
  });
}

const formatP = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toPrecision(2)}`);
const percentOf = (share: number) => `${Math.round(100 * share)}%`;

/**
 * One check in words, with the numbers its grade comes from: PSI and the test, the share of rows
 * with unseen values where that decided it, and "not significant" where the test cannot rule out
 * chance, so a large PSI on a few rows reads as what it is.
 */
function describeCheck(c: GradedCheck, b: SplitPart, alpha: number): string {
  const name = c.role === 'label' ? `the label '${c.feature}'` : `'${c.feature}'`;
  const chanceLevel = c.psiChance !== undefined && c.psiChance >= 0.05 ? ` where chance alone reaches ${c.psiChance.toFixed(2)}` : '';
  const unseen = c.unseenShareB !== undefined && c.unseenShareB >= UNSEEN_MINOR ? `, ${percentOf(c.unseenShareB)} of ${b} rows hold values the other part never has` : '';
  const chance = c.severity !== 'none' && c.pValue >= alpha ? ', not significant: may be chance' : '';
  return `${name} (PSI ${c.psi.toFixed(2)}${chanceLevel}, ${c.test === 'ks' ? 'KS' : 'chi-square'} ${formatP(c.pValue)}${unseen}${chance})`;
}

/** Parts holding mostly different values of a repeated column (entities): major from this share on; minor from the lower one. */
export const UNSEEN_MAJOR = 0.5;
export const UNSEEN_MINOR = 0.1;

/**
 * One rule for the grade and the words: the standard PSI bands (below 0.1 stable, from 0.25 a
 * major shift) applied to the PSI beyond what chance gives at these sizes, so that 15 rows per
 * part are not a "major mismatch" by noise alone. PSI pools a long tail into one bin, so parts
 * holding different values of a repeated column are graded by the share of rows with unseen
 * values as well. The test's p-value does not change the grade; the words say when it cannot
 * rule out chance. A check stored before the chance level was computed keeps its stored grade.
 */
function grade(check: FeatureCheck & { severity?: Severity }): Severity {
  if (check.psiChance === undefined && check.severity) return check.severity;
  const excess = check.psi - (check.psiChance ?? 0);
  const unseen = check.unseenShareB ?? 0;
  if (excess >= PSI_MAJOR || unseen >= UNSEEN_MAJOR) return 'major';
  return excess >= PSI_MINOR || unseen >= UNSEEN_MINOR ? 'minor' : 'none';
}

/** Mismatch checks between two parts: label first, then each numeric and categorical feature. */
export function compareParts(input: GuidanceInput, a: SplitPart, b: SplitPart): PartComparison {
  const { assignment, target } = input;
  const raw: (FeatureCheck & { role: 'label' | 'feature' })[] = [];
  const skipped: { feature: string; reason: string }[] = [];
  if (target) {
    assertColumnLength(target.column, target.name, assignment.length);
    const isNumeric = target.column.kind === 'numeric' || target.column.kind === 'date';
    const check =
      target.task === 'regression' && isNumeric
        ? compareNumericFeature(target.name, (target.column as { values: Float64Array }).values, assignment, a, b)
        : compareCategoricalFeature(target.name, encodeCategories(target.column, target.name), assignment, a, b, Infinity);
    raw.push({ ...check, role: 'label' });
  }
  const timeOrdered = input.definition?.strategy === 'time-ordered';
  for (const [name, column] of Object.entries(input.features ?? {})) {
    if (name === target?.name) continue;
    assertColumnLength(column, name, assignment.length);
    if (input.definition?.column === name && input.definition.strategy === 'grouped') skipped.push({ feature: name, reason: 'the split groups by this column: each value is in one part only, by design' });
    else if (input.definition?.column === name && timeOrdered) skipped.push({ feature: name, reason: 'the split orders by this column: parts hold different ranges of it, by design' });
    else if (column.kind === 'date' && timeOrdered) skipped.push({ feature: name, reason: 'dates differ between parts by design in a time-ordered split' });
    else if (column.kind === 'text') skipped.push({ feature: name, reason: 'free text has no distribution to compare' });
    else if (column.kind === 'date') raw.push({ ...compareNumericFeature(name, column.values, assignment, a, b), role: 'feature' });
    else if (column.kind === 'numeric') raw.push({ ...compareNumericFeature(name, column.values, assignment, a, b), role: 'feature' });
    else raw.push({ ...compareCategoricalFeature(name, encodeCategories(column, name), assignment, a, b), role: 'feature' });
  }
  const counts = countParts(assignment);
  return judgeComparison(a, b, raw, skipped, Math.min(counts[a], counts[b]));
}

/**
 * Grades each check and words the verdict, from the checks' numbers alone: used when the checks
 * are computed, and again on stored guidance so an old split reads by today's rule.
 */
export function judgeComparison(
  a: SplitPart,
  b: SplitPart,
  raw: readonly (FeatureCheck & { role: 'label' | 'feature'; severity?: Severity })[],
  skipped: { feature: string; reason: string }[],
  smallest: number,
): PartComparison {
  const alpha = FAMILY_ALPHA / Math.max(1, raw.length);
  const checks = raw.map((c) => ({ ...c, severity: grade(c) }));
  const severity = worstSeverity(checks);
  const weight = (c: GradedCheck) => Math.max(c.psi, c.unseenShareB ?? 0);
  const worst = (level: Severity) => checks.filter((c) => c.severity === level).sort((x, y) => weight(y) - weight(x) || x.pValue - y.pValue);
  const listed = (cs: GradedCheck[]) => cs.slice(0, 3).map((c) => describeCheck(c, b, alpha)).join(', ') + (cs.length > 3 ? ` and ${cs.length - 3} more` : '');
  const power = smallest < LOW_POWER_ROWS ? ` With only ${rowsText(smallest)} in the smaller part, these checks can miss real differences.` : '';
  const A = a.charAt(0).toUpperCase() + a.slice(1);
  let verdict: string;
  if (checks.length === 0) verdict = `No target or comparable features were given, so ${a} and ${b} were not compared.`;
  else if (severity === 'major') {
    const minor = worst('minor');
    const also = minor.length > 0 ? ` Smaller differences on ${listed(minor)}.` : '';
    verdict = `Warning: ${a} and ${b} differ on ${listed(worst('major'))} — scores on ${a} may not predict ${b}.${also}${power}`;
  }
  else if (severity === 'minor') verdict = `${A} and ${b} mostly match, with small differences on ${listed(worst('minor'))}; scores on ${a} should carry over to ${b}, but keep an eye on these.${power}`;
  else {
    const significant = checks.filter((c) => c.pValue < alpha).length;
    const tests =
      significant === 0
        ? `no test significant at Bonferroni α = ${alpha.toPrecision(2)}`
        : `${significant} significant at Bonferroni α = ${alpha.toPrecision(2)}, on differences too small to matter`;
    verdict = `${A} and ${b} look like the same distribution (${checks.length} check${checks.length === 1 ? '' : 's'}: no PSI more than ${PSI_MINOR} beyond what chance alone reaches at these sizes, ${tests}).${power}`;
  }
  return { a, b, alpha, checks, skipped, severity, verdict };
}

/**
 * Everything the split page shows: sizes and labels per part, precision, and mismatch checks.
 * Test labels are sealed, so nothing here is computed over them: the test part has its size only,
 * and dev and test are compared on features (the label check is listed as skipped, with why).
 */
export function splitGuidance(input: GuidanceInput): SplitGuidance {
  const parts = summarizeParts(input.assignment, input.target && { ...input.target, column: withoutTestRows(input.target.column, input.assignment) });
  const devVsTest = compareParts({ ...input, target: undefined }, 'dev', 'test');
  return {
    parts: parts.map((part) => (part.part === 'test' ? { part: part.part, rows: part.rows, share: part.share } : part)),
    precision: precisionGuidance(countParts(input.assignment), input.target?.task, input.observedAccuracy),
    devVsTest: input.target ? { ...devVsTest, skipped: [{ feature: input.target.name, reason: SEALED_LABEL_CHECK_REASON }, ...devVsTest.skipped] } : devVsTest,
    trainVsDev: compareParts(input, 'train', 'dev'),
  };
}

/**
 * The target with its test rows blanked (missing), so that not even class names that occur only
 * in test reach the train and dev summaries' label lists.
 */
function withoutTestRows(column: SplitInputColumn, assignment: SplitAssignment): SplitInputColumn {
  const test = PART_CODES.test;
  if (column.kind === 'numeric' || column.kind === 'date') {
    return { kind: column.kind, values: column.values.map((v, i) => (assignment[i] === test ? Number.NaN : v)) };
  }
  if ('codes' in column) {
    // As plain values, so the encoding built from them lists only values seen outside test.
    return { kind: column.kind, values: Array.from(column.codes, (c, i) => (assignment[i] === test || c < 0 ? null : column.dictionary[c]!)) };
  }
  return { kind: column.kind, values: column.values.map((v, i) => (assignment[i] === test ? null : v)) };
}
