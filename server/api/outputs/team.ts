import 'server-only';
import { z } from 'zod';
import { okSchema } from './common';
import { TEAM_ROLES } from '@/server/shared/auth/permissions';

const teamSummarySchema = z.object({ id: z.string(), name: z.string(), slug: z.string(), role: z.enum(TEAM_ROLES), memberCount: z.number() });

/** What each `team.*` procedure returns: the shape that leaves the server, checked on the way out. */
export const teamOutput = {
  list: z.array(teamSummarySchema),
  create: teamSummarySchema,
  bySlug: teamSummarySchema,
  rename: okSchema,
  delete: okSchema,
  transferOwnership: okSchema,
  leave: okSchema,
};
