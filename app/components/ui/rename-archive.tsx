'use client';

import { useState } from 'react';
import { Button } from '@/app/components/ui/button';
import { CONTROL } from '@/app/components/ui/field';
import { useQuery } from '@tanstack/react-query';
import { can, mayChangeRun, type Permission } from '@/server/shared/auth/permissions';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { errorMessage, useTRPC } from '@/app/lib/trpc';

interface Mutation<T> {
  mutate: (input: T) => void;
  isPending: boolean;
  error: unknown;
  isError: boolean;
}

/**
 * Rename in place and archive/restore, for a dataset or a split (their creator or an admin).
 * Archiving hides it from lists and frees its name; everything that depends on it is kept.
 */
export function RenameArchive({
  what,
  name,
  archived,
  createdBy,
  permission,
  rename,
  setArchived,
}: {
  what: string;
  name: string;
  archived: boolean;
  /** Who may: the creator, or an admin; with the role that `permission` needs. */
  createdBy: string | null;
  permission: Permission;
  rename: Mutation<string>;
  setArchived: Mutation<boolean>;
}) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions());
  const [draft, setDraft] = useState<string | null>(null);
  if (!can(team.role, permission) || !mayChangeRun({ userId: me.data?.id, role: team.role }, createdBy)) return null;
  const error = rename.isError ? rename.error : setArchived.isError ? setArchived.error : null;
  return (
    <div className="flex flex-col items-end gap-1">
      {draft === null ? (
        <div className="flex items-center gap-2">
          <Button type="button" variant="ghost" className="py-1 text-xs" onClick={() => setDraft(name)}>
            Rename
          </Button>
          <Button type="button" variant="ghost" className="py-1 text-xs" pending={setArchived.isPending} onClick={() => setArchived.mutate(!archived)}>
            {archived ? `Restore ${what}` : `Archive ${what}`}
          </Button>
        </div>
      ) : (
        <form
          className="flex items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            rename.mutate(draft);
            setDraft(null);
          }}
        >
          <input aria-label={`${what} name`} autoFocus value={draft} maxLength={120} onChange={(e) => setDraft(e.target.value)} className={`${CONTROL} w-64 py-1`} />
          <Button type="submit" className="py-1" pending={rename.isPending}>Save</Button>
          <Button type="button" variant="ghost" className="py-1" onClick={() => setDraft(null)}>Cancel</Button>
        </form>
      )}
      {error !== null && <p role="alert" className="text-xs text-red-600">{errorMessage(error)}</p>}
    </div>
  );
}
