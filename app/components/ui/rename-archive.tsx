'use client';

import { useState } from 'react';
import { Button } from '@/app/components/ui/button';
import { CONTROL } from '@/app/components/ui/field';
import { errorMessage } from '@/app/lib/trpc';

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
export function RenameArchive({ what, name, archived, rename, setArchived }: { what: string; name: string; archived: boolean; rename: Mutation<string>; setArchived: Mutation<boolean> }) {
  const [draft, setDraft] = useState<string | null>(null);
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
