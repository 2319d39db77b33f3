import Link from 'next/link';
import { Badge } from '@/app/components/ui/badge';
import { CopyValue } from '@/app/components/ui/copy-button';
import type { SplitDetail } from '@/app/lib/router-types';
import { formatWhen, shortHash } from '@/app/lib/format';

export function describeDefinition(d: SplitDetail['definition']): string {
  const pct = (f: { train: number; dev: number; test: number }) => [f.train, f.dev, f.test].map((x) => Number.parseFloat((x * 100).toPrecision(6))).join('/');
  switch (d.strategy) {
    case 'random':
      return `random ${pct(d.fractions)}, seed ${d.seed}`;
    case 'stratified':
      return `stratified by “${d.column}”, ${pct(d.fractions)}, seed ${d.seed}`;
    case 'grouped':
      return `grouped by “${d.column}”, ${pct(d.fractions)}, seed ${d.seed}`;
    case 'time-ordered':
      return `time-ordered by “${d.column}”, ${pct(d.fractions)} (oldest to newest)`;
    case 'explicit':
      return `explicit from “${d.column}”: ${Object.entries(d.mapping)
        .map(([value, part]) => `${value} → ${part}`)
        .join(', ')}`;
  }
}

export function SplitHeader({ split, slug }: { split: SplitDetail; slug: string }) {
  return (
    <div>
      <Link href={`/t/${slug}/datasets/${split.datasetId}`} className="text-sm text-slate-500 hover:text-slate-800">
        ← {split.datasetName} v{split.datasetVersion}
      </Link>
      <div className="mt-1 flex flex-wrap items-center gap-2">
        <h2 className="text-lg font-semibold text-slate-900">{split.name}</h2>
        <Badge tone="indigo" title="A frozen split never changes: a different assignment is a new split.">
          Frozen
        </Badge>
        {split.archivedAt && <Badge tone="amber" title="Hidden from lists and closed to new runs; everything on it is kept.">Archived</Badge>}
      </div>
      <p className="mt-1 text-sm text-slate-600">
        {describeDefinition(split.definition)} · {split.taskKind} of <span className="font-mono text-xs">{split.targetColumn}</span>
      </p>
      <p className="mt-0.5 text-xs text-slate-500">
        Every row of this dataset version was assigned once; the assignment never changes, so every run on this split trains and is compared on exactly the same rows.
      </p>
      <dl className="mt-3 flex flex-wrap gap-x-6 gap-y-2 text-xs text-slate-500">
        <div className="flex items-center gap-2">
          <dt>Manifest</dt>
          <dd>
            <CopyValue value={split.manifestHash} label="manifest hash" shown={shortHash(split.manifestHash)} />
          </dd>
        </div>
        <div className="flex items-center gap-2">
          <dt>Definition</dt>
          <dd>
            <CopyValue value={split.definitionHash} label="definition hash" shown={shortHash(split.definitionHash)} />
          </dd>
        </div>
        <div className="flex items-center gap-2">
          <dt>Frozen by</dt>
          <dd className="text-slate-700">
            {split.createdByName ?? 'a former member'}, <time dateTime={split.createdAt.toISOString()}>{formatWhen(split.createdAt)}</time>
          </dd>
        </div>
      </dl>
    </div>
  );
}
