'use client';

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { can, deniedMessage } from '@/server/shared/auth/permissions';
import { Card } from '@/app/components/ui/card';
import { FormError } from '@/app/components/ui/field';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { errorMessage, useTRPC } from '@/app/lib/trpc';
import { DatasetList } from './dataset-list';
import { ExamplesCard } from './examples-card';
import { UploadCard } from './upload-card';

export function DatasetsPage() {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const [showArchived, setShowArchived] = useState(false);
  const datasets = useQuery(trpc.dataset.list.queryOptions({ teamId: team.id, includeArchived: showArchived }));
  const canCreate = can(team.role, 'dataset.create');
  return (
    <div className="space-y-6">
      <Card
        title="Datasets"
        description="Every version is immutable and identified by its SHA-256; splits are frozen on a version."
        actions={
          <label className="flex items-center gap-2 text-xs text-slate-600">
            <input type="checkbox" className="size-3.5 rounded border-slate-300" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
            Show archived
          </label>
        }
      >
        {datasets.isPending && <p className="text-sm text-slate-500">Loading datasets…</p>}
        {datasets.isError && <FormError message={errorMessage(datasets.error)} />}
        {datasets.data && <DatasetList datasets={datasets.data} slug={team.slug} />}
      </Card>
      {canCreate ? (
        <Card title="Add data">
          <div className="grid gap-8 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
            <UploadCard />
            <ExamplesCard />
          </div>
        </Card>
      ) : (
        <p className="text-sm text-slate-500">{deniedMessage(team.role, 'dataset.create')}</p>
      )}
    </div>
  );
}
