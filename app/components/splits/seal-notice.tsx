import type { DatasetVersionDetail } from '@/app/lib/router-types';
import { formatCount, formatDate } from '@/app/lib/format';

/**
 * Says on the split form what freezing does to the version's test rows, and why: the first split
 * fixes them for good, later splits keep them.
 */
export function SealNotice({ version }: { version: DatasetVersionDetail }) {
  const seal = version.seal;
  const why =
    'Why: if a later split could put a test row into train or dev, its label would show up in dev results and the test set would no longer give an unseen, one-time estimate. For the same reason every split of this version shares one test budget.';
  if (!seal) {
    return (
      <div role="note" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
        <p className="font-medium">The first split fixes this version’s test rows for good.</p>
        <p className="mt-1 text-xs">Every later split of this version keeps exactly these rows as test and only divides the others between train and dev. {why}</p>
      </div>
    );
  }
  const rest = version.rowCount - seal.testCount;
  return (
    <div role="note" className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700 ring-1 ring-slate-200">
      <p className="font-medium">
        Test rows are fixed: {formatCount(seal.testCount)} rows, sealed when “{seal.sealedBySplitName}” was frozen on {formatDate(seal.sealedAt.getTime())}.
      </p>
      <p className="mt-1 text-xs">
        This split keeps them as test and divides the other {formatCount(rest)} rows between train and dev in the proportion you give. {why}
      </p>
    </div>
  );
}
