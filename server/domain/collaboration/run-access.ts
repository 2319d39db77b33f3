import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { memberships, runs, users } from '@/db/schema';
import { mayChangeRun, type TeamRole } from '@/server/shared/auth/permissions';
import { DomainError } from '../../shared/errors';
import type { MentionCandidate } from './mentions';

export interface Actor {
  userId: string;
  role: TeamRole;
}

export interface CollaborationRun {
  id: string;
  teamId: string;
  number: number;
  createdBy: string | null;
  splitId: string;
  readyForReviewAt: Date | null;
}

/** The run, in this team, or NOT_FOUND (another team's run looks exactly like a missing one). */
export async function loadRun(db: Database, teamId: string, runId: string): Promise<CollaborationRun> {
  const [row] = await db
    .select({ id: runs.id, teamId: runs.teamId, number: runs.number, createdBy: runs.createdBy, splitId: runs.splitId, readyForReviewAt: runs.readyForReviewAt })
    .from(runs)
    .where(and(eq(runs.id, runId), eq(runs.teamId, teamId)));
  if (!row) throw new DomainError('NOT_FOUND', 'No such run in this team.');
  return row;
}

export function assertAuthorOrAdmin(run: CollaborationRun, actor: Actor, what: string): void {
  if (!mayChangeRun(actor, run.createdBy)) {
    throw new DomainError('FORBIDDEN', `Only the person who launched run #${run.number}, or a team admin, can ${what}.`);
  }
}

/** Members as @mention candidates. Emails stay server-side: only their local part is matched. */
export async function mentionCandidates(db: Database, teamId: string): Promise<MentionCandidate[]> {
  return db
    .select({ userId: users.id, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.teamId, teamId));
}

/** Members who can review (role ≥ member). */
export async function reviewerIds(db: Database, teamId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), inArray(memberships.role, ['owner', 'admin', 'member'])));
  return rows.map((r) => r.userId);
}
