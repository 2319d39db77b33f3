'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Card } from '@/app/components/ui/card';
import { CopyValue } from '@/app/components/ui/copy-button';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { DELIMITER_NAMES, formatBytes, formatCount, shortHash } from '@/app/lib/format';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { PreviewTable } from './preview-table';
import { RegisterForm } from './register-form';
import { SchemaTable } from './schema-table';

/** An upload that was parsed but not registered: check what was inferred, pick the target, register. */
export function DraftPage({ draftId }: { draftId: string }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const draft = useQuery(trpc.dataset.draft.queryOptions({ teamId: team.id, draftId }));
  // Mirrors the form's choice so the schema table marks the column being registered as target.
  const [target, setTarget] = useState<string | null>(null);
  if (draft.isPending) return <p className="text-sm text-slate-500">Loading the upload…</p>;
  if (draft.isError)
    return (
      <Card title="Upload not found">
        <p className="text-sm text-slate-600">{errorMessage(draft.error)}</p>
        <Link href={`/t/${team.slug}/datasets`} className="mt-3 inline-block text-sm font-medium text-indigo-600 hover:underline">
          Back to datasets
        </Link>
      </Card>
    );
  const d = draft.data;
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/t/${team.slug}/datasets`} className="text-sm text-slate-500 hover:text-slate-800">
          ← Datasets
        </Link>
        <h2 className="mt-1 text-lg font-semibold break-all text-slate-900">{d.fileName}</h2>
        <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-500">
          <span>{formatCount(d.rowCount)} rows</span>
          <span>{formatCount(d.schema.columns.length)} columns</span>
          <span>{DELIMITER_NAMES[d.delimiter] ?? JSON.stringify(d.delimiter)}-separated</span>
          <span>{formatBytes(d.byteSize)}</span>
          <CopyValue value={d.contentHash} label="SHA-256" shown={`sha256 ${shortHash(d.contentHash)}`} />
        </p>
      </div>
      {d.warnings.length > 0 && (
        <section aria-label="Warnings" className="rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
          <h3 className="font-medium">Worth a look before you register</h3>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {d.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </section>
      )}
      <Card title="Register" description="Not saved yet: this upload is visible only to you until you register it.">
        <RegisterForm draft={d} onTargetChange={setTarget} />
      </Card>
      <Card title="Schema" description="Types and statistics inferred from every row.">
        <SchemaTable schema={d.schema} targetColumn={target ?? d.suggestedTarget?.column ?? null} />
      </Card>
      <Card title="Preview">
        <PreviewTable preview={d.preview} rowCount={d.rowCount} />
      </Card>
    </div>
  );
}
