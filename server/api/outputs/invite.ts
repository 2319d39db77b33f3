import 'server-only';
import { z } from 'zod';
import { okSchema } from './common';
import { TEAM_ROLES } from '@/server/shared/auth/permissions';

const inviteSchema = z.object({
  id: z.string(),
  role: z.enum(TEAM_ROLES),
  createdByName: z.string(),
  createdAt: z.date(),
  expiresAt: z.date(),
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
  acceptedByName: z.string().nullable(),
});
const invitePreviewSchema = z.object({
  teamName: z.string(),
  teamSlug: z.string(),
  role: z.enum(TEAM_ROLES),
  invitedByName: z.string(),
  expiresAt: z.date(),
});

/** What each `invite.*` procedure returns: the shape that leaves the server, checked on the way out. */
export const inviteOutput = {
  create: z.object({ invite: inviteSchema, token: z.string() }),
  list: z.array(inviteSchema),
  revoke: okSchema,
  preview: invitePreviewSchema,
  accept: z.object({ teamSlug: z.string(), role: z.enum(TEAM_ROLES) }),
};
