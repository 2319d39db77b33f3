import 'server-only';
import { z } from 'zod';

const teamAuditEntrySchema = z.object({
  id: z.string(),
  action: z.enum([
    'team.created',
    'team.renamed',
    'team.ownership_transferred',
    'invite.created',
    'invite.revoked',
    'invite.accepted',
    'member.role_changed',
    'member.removed',
    'member.left',
    'budget.changed',
  ]),
  actorName: z.string().nullable(),
  targetName: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
});

/** What each `audit.*` procedure returns: the shape that leaves the server, checked on the way out. */
export const auditOutput = {
  list: z.object({ items: z.array(teamAuditEntrySchema), nextBefore: z.date().nullable() }),
};
