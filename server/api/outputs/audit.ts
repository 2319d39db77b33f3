import 'server-only';
import { z } from 'zod';
import { TEAM_AUDIT_ACTIONS } from '@/server/domain/teams/audit';

const teamAuditEntrySchema = z.object({
  id: z.string(),
  action: z.enum(TEAM_AUDIT_ACTIONS),
  actorName: z.string().nullable(),
  targetName: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
});

/** What each `audit.*` procedure returns: the shape that leaves the server, checked on the way out. */
export const auditOutput = {
  list: z.object({ items: z.array(teamAuditEntrySchema), nextBefore: z.date().nullable() }),
};
