'use client';

import { GroupError, TextField } from '@/app/components/ui/field';
import type { FractionsText } from './split-definition';

/**
 * Fractions on a sealed version: test is fixed, so people give train's and dev's shares of the
 * other rows; the form turns them into the three fractions the server expects.
 */
export function SealedFractionsFields({
  shares,
  onChange,
  errors,
}: {
  shares: { train: string; dev: string };
  onChange: (next: { train: string; dev: string }) => void;
  errors: Record<string, string>;
}) {
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-700">Train and dev shares of the rows outside test</legend>
      <div className="grid grid-cols-2 gap-3">
        <TextField label="Train share" inputMode="decimal" value={shares.train} error={errors.train} onChange={(e) => onChange({ ...shares, train: e.target.value })} />
        <TextField label="Dev share" inputMode="decimal" value={shares.dev} error={errors.dev} onChange={(e) => onChange({ ...shares, dev: e.target.value })} />
      </div>
      <GroupError message={errors.fractions} />
    </fieldset>
  );
}

/** The three fractions for shares of the unsealed rows, or a message naming what is wrong. */
export function fractionsFromShares(shares: { train: string; dev: string }, testShare: number): { fractions?: FractionsText; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const train = Number(shares.train);
  const dev = Number(shares.dev);
  if (shares.train.trim() === '' || !(train > 0 && train < 1)) errors.train = 'Between 0 and 1';
  if (shares.dev.trim() === '' || !(dev > 0 && dev < 1)) errors.dev = 'Between 0 and 1';
  if (!errors.train && !errors.dev && Math.abs(train + dev - 1) > 1e-9) errors.fractions = `Train and dev shares must sum to 1 (they sum to ${Number.parseFloat((train + dev).toPrecision(12))}).`;
  if (Object.keys(errors).length > 0) return { errors };
  const rest = 1 - testShare;
  return { errors, fractions: { train: String(train * rest), dev: String(1 - testShare - train * rest), test: String(testShare) } };
}
