import { Badge } from '@/app/components/ui/badge';
import type { SplitDetail } from '@/app/lib/router-types';
import { formatCount, formatPercent } from '@/app/lib/format';

type Comparison = SplitDetail['guidance']['devVsTest'];
type Severity = Comparison['severity'];

const TONE = { none: 'green', minor: 'amber', major: 'red' } as const;
const FRAME: Record<Severity, string> = {
  none: 'bg-emerald-50 text-emerald-900 ring-emerald-200',
  minor: 'bg-amber-50 text-amber-900 ring-amber-200',
  major: 'bg-red-50 text-red-900 ring-red-200',
};
const WORD: Record<Severity, string> = { none: 'match', minor: 'minor mismatch', major: 'major mismatch' };
const formatP = (p: number) => (p < 0.001 ? '< 0.001' : p.toPrecision(2));

/**
 * Dev and test must come from the same distribution, or a dev win may not carry to test:
 * the verdict is coloured by severity, the checks behind it are one click away.
 */
export function MismatchVerdict({ title, comparison, open }: { title: string; comparison: Comparison; open: boolean }) {
  return (
    <section aria-label={title} className={`rounded-lg px-4 py-3 ring-1 ${FRAME[comparison.severity]}`}>
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-sm font-semibold">{title}</h3>
        <Badge tone={TONE[comparison.severity]}>{WORD[comparison.severity]}</Badge>
      </div>
      <p className="mt-1 text-sm">{comparison.verdict}</p>
      <details open={open} className="mt-2 group">
        <summary className="cursor-pointer text-xs font-medium underline-offset-2 hover:underline">
          {comparison.checks.length} checks (Bonferroni α = {comparison.alpha.toPrecision(2)})
        </summary>
        <div className="mt-2 overflow-x-auto rounded-md bg-white/70 ring-1 ring-black/5">
          <table className="w-full min-w-[640px] text-left text-xs text-slate-700">
            <thead className="text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-1.5 font-medium">Feature</th>
                <th scope="col" className="px-3 py-1.5 font-medium">Kind</th>
                <th scope="col" className="px-3 py-1.5 text-right font-medium">PSI</th>
                <th scope="col" className="px-3 py-1.5 text-right font-medium" title="The PSI chance alone stays under 95% of the time at these sizes; the grade counts only what PSI exceeds it by">
                  Chance
                </th>
                <th scope="col" className="px-3 py-1.5 font-medium">Test</th>
                <th scope="col" className="px-3 py-1.5 text-right font-medium">p-value</th>
                <th scope="col" className="px-3 py-1.5 text-right font-medium" title={`Share of ${comparison.b} rows whose value never occurs in ${comparison.a} (repeated values only)`}>
                  Unseen
                </th>
                <th scope="col" className="px-3 py-1.5 text-right font-medium">Rows</th>
                <th scope="col" className="px-3 py-1.5 font-medium">Severity</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {comparison.checks.map((c) => (
                <tr key={`${c.role}-${c.feature}`}>
                  <th scope="row" className="px-3 py-1.5 font-medium">
                    {c.feature} {c.role === 'label' && <span className="font-normal text-slate-400">(label)</span>}
                  </th>
                  <td className="px-3 py-1.5">{c.kind}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{c.psi.toFixed(3)}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums text-slate-500">{c.psiChance === undefined ? '—' : c.psiChance.toFixed(3)}</td>
                  <td className="px-3 py-1.5">{c.test === 'ks' ? 'KS' : 'χ²'}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{formatP(c.pValue)}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{c.unseenShareB === undefined ? '—' : formatPercent(c.unseenShareB, 0)}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">
                    {formatCount(c.rowsA)} / {formatCount(c.rowsB)}
                  </td>
                  <td className="px-3 py-1.5">
                    <Badge tone={TONE[c.severity]}>{c.severity}</Badge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {comparison.skipped.length > 0 && (
            <p className="px-3 py-1.5 text-xs text-slate-500">
              Not compared: {comparison.skipped.map((s) => `${s.feature} (${s.reason})`).join('; ')}.
            </p>
          )}
        </div>
      </details>
    </section>
  );
}
