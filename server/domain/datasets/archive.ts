import 'server-only';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { datasets, splits } from '@/db/schema';
import { mayChangeRun, type TeamRole } from '@/server/shared/auth/permissions';
import { DomainError } from '../../shared/errors';

/**
 * Renaming and archiving datasets and splits. Both are shared team objects: their creator or a
 * team admin may change them. Archiving hides one from lists and (for a split) closes it to new
 * runs and sweeps, keeps everything that depends on it (versions, splits, runs, the seal, the test
 * audit) and frees its name; restoring brings it back if the name is still free. Nothing is deleted.
 */

export interface Actor {
  userId: string;
  role: TeamRole;
}

const MAX_NAME = 120;

function cleanName(name: string, what: string): string {
  const clean = name.trim().replace(/\s+/g, ' ');
  if (clean === '') throw new DomainError('BAD_INPUT', `name: give the ${what} a name.`);
  if (clean.length > MAX_NAME) throw new DomainError('BAD_INPUT', `name: ${what} names are at most ${MAX_NAME} characters.`);
  return clean;
}

type Table = typeof datasets | typeof splits;

async function load(db: Database, table: Table, what: 'dataset' | 'split', teamId: string, id: string) {
  const [row] = await db
    .select({ id: table.id, name: table.name, createdBy: table.createdBy, archivedAt: table.archivedAt })
    .from(table)
    .where(and(eq(table.id, id), eq(table.teamId, teamId)));
  if (!row) throw new DomainError('NOT_FOUND', `No such ${what} in this team.`);
  return row;
}

function assertMayChange(actor: Actor, createdBy: string | null, what: string) {
  if (!mayChangeRun(actor, createdBy)) throw new DomainError('FORBIDDEN', `Only the person who created this ${what}, or a team admin, can rename or archive it.`);
}

async function assertNameFree(db: Database, table: Table, what: string, teamId: string, name: string, exceptId: string) {
  const [taken] = await db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.teamId, teamId), eq(table.name, name), isNull(table.archivedAt), ne(table.id, exceptId)));
  if (taken) throw new DomainError('CONFLICT', `name: this team already has a ${what} named ${JSON.stringify(name)}; pick another name.`);
}

async function rename(db: Database, table: Table, what: 'dataset' | 'split', actor: Actor, teamId: string, id: string, name: string): Promise<void> {
  const row = await load(db, table, what, teamId, id);
  assertMayChange(actor, row.createdBy, what);
  const clean = cleanName(name, what);
  if (row.archivedAt === null) await assertNameFree(db, table, what, teamId, clean, row.id);
  await db.update(table).set({ name: clean }).where(eq(table.id, row.id));
}

async function setArchived(db: Database, table: Table, what: 'dataset' | 'split', actor: Actor, teamId: string, id: string, archived: boolean): Promise<void> {
  const row = await load(db, table, what, teamId, id);
  assertMayChange(actor, row.createdBy, what);
  if (archived === (row.archivedAt !== null)) throw new DomainError('PRECONDITION_FAILED', `This ${what} is already ${archived ? 'archived' : 'active'}.`);
  // Restoring needs its name back: another one may have taken it meanwhile.
  if (!archived) await assertNameFree(db, table, what, teamId, row.name, row.id);
  await db.update(table).set({ archivedAt: archived ? sql`now()` : null }).where(eq(table.id, row.id));
}

export const renameDataset = (db: Database, actor: Actor, teamId: string, id: string, name: string) => rename(db, datasets, 'dataset', actor, teamId, id, name);
export const renameSplit = (db: Database, actor: Actor, teamId: string, id: string, name: string) => rename(db, splits, 'split', actor, teamId, id, name);
export const archiveDataset = (db: Database, actor: Actor, teamId: string, id: string, archived: boolean) => setArchived(db, datasets, 'dataset', actor, teamId, id, archived);
export const archiveSplit = (db: Database, actor: Actor, teamId: string, id: string, archived: boolean) => setArchived(db, splits, 'split', actor, teamId, id, archived);
