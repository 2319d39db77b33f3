import 'server-only';
import { and, asc, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { runs, runTags } from '@/db/schema';
import { DomainError } from '../../shared/errors';
import { MAX_RUN_NAME_LENGTH } from '../../shared/runs/run-name';
import { notifyRunChange } from '../../shared/runs/notify';
import { currentVerdicts } from './reviews';
import { assertAuthorOrAdmin, loadRun, type Actor } from './run-access';
import { normalizeTags } from './tags';

export const MAX_NOTE_LENGTH = 10_000;

/** What sits beside a run: its note, tags, review request and each reviewer's current verdict. */
export async function runCollaboration(db: Database, teamId: string, runId: string) {
  const run = await loadRun(db, teamId, runId);
  const [[note], tags, verdicts] = await Promise.all([
    db.select({ note: runs.note }).from(runs).where(eq(runs.id, run.id)),
    db.select({ tag: runTags.tag }).from(runTags).where(and(eq(runTags.runId, run.id), eq(runTags.teamId, teamId))).orderBy(asc(runTags.tag)),
    currentVerdicts(db, teamId, runId),
  ]);
  return {
    runId: run.id,
    number: run.number,
    authorId: run.createdBy,
    note: note?.note ?? '',
    tags: tags.map((t) => t.tag),
    readyForReviewAt: run.readyForReviewAt,
    verdicts,
  };
}

export async function setRunTags(db: Database, actor: Actor, teamId: string, input: { runId: string; tags: string[] }): Promise<{ tags: string[] }> {
  const normalized = normalizeTags(input.tags);
  if (!normalized.ok) throw new DomainError('BAD_INPUT', normalized.message);
  await db.transaction(async (tx) => {
    const run = await loadRun(tx, teamId, input.runId);
    assertAuthorOrAdmin(run, actor, 'tag it');
    await tx.delete(runTags).where(eq(runTags.runId, run.id));
    if (normalized.tags.length) await tx.insert(runTags).values(normalized.tags.map((tag) => ({ runId: run.id, teamId, tag })));
  });
  return { tags: normalized.tags };
}

/** Markdown as written, like comments. */
export async function setRunNote(db: Database, actor: Actor, teamId: string, input: { runId: string; note: string }): Promise<{ note: string }> {
  if (input.note.length > MAX_NOTE_LENGTH) throw new DomainError('BAD_INPUT', `Keep notes to ${MAX_NOTE_LENGTH.toLocaleString('en')} characters or fewer.`);
  await db.transaction(async (tx) => {
    const run = await loadRun(tx, teamId, input.runId);
    assertAuthorOrAdmin(run, actor, 'edit its note');
    await tx.update(runs).set({ note: input.note }).where(eq(runs.id, run.id));
  });
  return { note: input.note };
}

/** A name people recognise the run by; blank gives it back its default name. */
export async function setRunName(db: Database, actor: Actor, teamId: string, input: { runId: string; name: string }): Promise<void> {
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name.length > MAX_RUN_NAME_LENGTH) throw new DomainError('BAD_INPUT', `name: keep run names to ${MAX_RUN_NAME_LENGTH} characters or fewer.`);
  await db.transaction(async (tx) => {
    const run = await loadRun(tx, teamId, input.runId);
    assertAuthorOrAdmin(run, actor, 'rename it');
    await tx.update(runs).set({ name: name === '' ? null : name }).where(eq(runs.id, run.id));
    // Open run pages and lists re-read the run (the same event a status change sends).
    await notifyRunChange(tx, teamId, run.id, 'status');
  });
}

export async function listTeamTags(db: Database, teamId: string): Promise<{ tag: string; count: number }[]> {
  return db
    .select({ tag: runTags.tag, count: count() })
    .from(runTags)
    .where(eq(runTags.teamId, teamId))
    .groupBy(runTags.tag)
    .orderBy(desc(count()), asc(runTags.tag));
}

export interface RunMatchFilter {
  /** Exact tag. */
  tag?: string;
  /** Case-insensitive substring of the run's note. */
  q?: string;
}

/** LIKE with the user's text matched literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A WHERE condition on `runs` for the filter, for the runs list to AND into its own query
 * (it scales better than an id list); undefined when the filter is empty.
 */
export function runMatchCondition(teamId: string, filter: RunMatchFilter): SQL | undefined {
  const tag = filter.tag?.trim();
  const q = filter.q?.trim();
  const parts: SQL[] = [];
  if (tag) parts.push(sql`EXISTS (SELECT 1 FROM ${runTags} WHERE ${runTags.runId} = ${runs.id} AND ${runTags.teamId} = ${teamId} AND ${runTags.tag} = ${tag})`);
  if (q) parts.push(sql`${runs.note} ILIKE ${`%${escapeLike(q)}%`}`);
  return parts.length ? and(...parts) : undefined;
}

/** Ids of the team's runs matching the filter, newest first (all of the team's runs when it is empty). */
export async function runIdsMatching(db: Database, teamId: string, filter: RunMatchFilter, limit = 1000): Promise<string[]> {
  const rows = await db
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.teamId, teamId), runMatchCondition(teamId, filter)))
    .orderBy(desc(runs.createdAt), desc(runs.id))
    .limit(limit);
  return rows.map((r) => r.id);
}
