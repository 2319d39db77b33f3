import 'server-only';
import { z } from 'zod';
import { TEAM_ROLES } from '@/server/shared/auth/permissions';
import { okSchema } from './common';

const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  teamId: z.string(),
  teamName: z.string(),
  teamSlug: z.string(),
  role: z.enum(TEAM_ROLES),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

/** What each `apiToken.*` procedure returns. The secret leaves the server once, from `create`. */
export const apiTokenOutput = {
  create: z.object({ token: tokenSchema, secret: z.string() }),
  list: z.array(tokenSchema),
  revoke: okSchema,
};
