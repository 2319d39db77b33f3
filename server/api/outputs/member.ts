import 'server-only';
import { z } from 'zod';
import { okSchema } from './common';
import { TEAM_ROLES } from '@/server/shared/auth/permissions';

const memberSchema = z.object({ userId: z.string(), name: z.string(), email: z.string(), role: z.enum(TEAM_ROLES), joinedAt: z.date() });

/** What each `member.*` procedure returns: the shape that leaves the server, checked on the way out. */
export const memberOutput = {
  list: z.array(memberSchema),
  changeRole: okSchema,
  remove: okSchema,
};
