'use client';

import { PageError } from '@/app/components/ui/page-error';
import Link from 'next/link';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { can } from '@/server/shared/auth/permissions';
import { Badge } from '@/app/components/ui/badge';
import { RenameArchive } from '@/app/components/ui/rename-archive';
import { Card } from '@/app/components/ui/card';
import { FormError } from '@/app/components/ui/field';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { FreezeSplitForm } from '@/app/components/splits/freeze-split-form';
import { SplitList } from '@/app/components/splits/split-list';
import { formatWhen } from '@/app/lib/format';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { PreviewTable } from './preview-table';
import { SchemaTable } from './schema-table';
import { VersionsCard } from './versions-card';

/** Rename and archive, for the dataset's creator or an admin. */
function DatasetControls({ dataset }: { dataset: { id: string; name: string; archivedAt: Date | null; createdBy: string | null } }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = { onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.dataset.pathKey() }) };
  const rename = useMutation(trpc.dataset.rename.mutationOptions(refresh));
  const archive = useMutation(trpc.dataset.setArchived.mutationOptions(refresh));
  return (
    <RenameArchive
      what="dataset"
      name={dataset.name}
      archived={dataset.archivedAt !== null}
      createdBy={dataset.createdBy}
      permission="dataset.create"
      rename={{ ...rename, mutate: (name) => rename.mutate({ teamId: team.id, datasetId: dataset.id, name }) }}
      setArchived={{ ...archive, mutate: (archived) => archive.mutate({ teamId: team.id, datasetId: dataset.id, archived }) }}
    />
  );
}

export function DatasetPage({ datasetId }: { datasetId: string }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const dataset = useQuery(trpc.dataset.get.queryOptions({ teamId: team.id, datasetId }));
  const [chosen, setChosen] = useState<string | null>(null);
  // Newest first from the server; the latest is what people usually want to split.
  const versionId = chosen ?? dataset.data?.versions[0]?.id;
  const version = useQuery({ ...trpc.dataset.version.queryOptions({ teamId: team.id, versionId: versionId ?? '' }), enabled: !!versionId });

  if (dataset.isPending) return <p className="text-sm text-slate-500">Loading dataset…</p>;
  if (dataset.isError) return <PageError error={dataset.error} what="dataset" back={{ href: `/t/${team.slug}/datasets`, label: 'Back to the datasets' }} />;
  const d = dataset.data;
  const v = version.data;
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/t/${team.slug}/datasets`} className="text-sm text-slate-500 hover:text-slate-800">
          ← Datasets
        </Link>
        <div className="mt-1 flex flex-wrap items-start justify-between gap-3">
          <h2 className="flex items-center gap-2 text-lg font-semibold text-slate-900">
            {d.name}
            {d.archivedAt && <Badge tone="amber" title="Hidden from the datasets list; its versions, splits and runs are kept.">Archived</Badge>}
          </h2>
          <DatasetControls dataset={d} />
        </div>
        {d.description && <p className="mt-1 max-w-3xl text-sm text-slate-600">{d.description}</p>}
        <p className="mt-1 text-xs text-slate-400">
          {d.versions.length} {d.versions.length === 1 ? 'version' : 'versions'} · created {formatWhen(d.createdAt)}
        </p>
      </div>
      <VersionsCard versions={d.versions} selectedId={versionId ?? ''} onSelect={setChosen} />
      {version.isError && <FormError message={errorMessage(version.error)} />}
      {v && (
        <>
          <div className="grid items-start gap-6 lg:grid-cols-2">
            <Card title={`Splits of v${v.version}`} description="Frozen assignments of every row to train, dev and test.">
              <SplitList versionId={v.id} />
            </Card>
            {can(team.role, 'split.create') && (
              <Card title="Freeze a split" description={`On v${v.version}: ${v.taskKind} of “${v.targetColumn}”.`}>
                <FreezeSplitForm version={v} />
              </Card>
            )}
          </div>
          <Card title={`Schema of v${v.version}`} description={`${v.taskKind} · target “${v.targetColumn}”. The target's values are sealed: test labels never leave the server.`}>
            <SchemaTable schema={v.schema} targetColumn={v.targetColumn} excluded={v.excludedColumns as string[]} />
          </Card>
          <Card title="Preview">
            <PreviewTable preview={v.preview} rowCount={v.rowCount} targetColumn={v.targetColumn} />
          </Card>
        </>
      )}
    </div>
  );
}
