import { z } from 'zod';
import { TEAM_ROLES } from '@/server/shared/auth/permissions';

const RESERVED_SLUGS = new Set(['new', 'api', 'admin', 'settings', 'teams', 'invite', 'account', 'sign-in', 'sign-up']);

export const teamSlugSchema = z
  .string()
  .trim()
  .min(3, 'Team URLs are at least 3 characters')
  .max(40, 'Team URLs are at most 40 characters')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single hyphens, not at the start or end (e.g. vision-lab)')
  .refine((slug) => !RESERVED_SLUGS.has(slug), { message: 'This team URL is reserved; pick another' });

export const teamNameSchema = z.string().trim().min(1, 'Enter a team name').max(80, 'Team names are at most 80 characters');

export const teamRoleSchema = z.enum(TEAM_ROLES, { message: `Role must be one of: ${TEAM_ROLES.join(', ')}` });

export const createTeamInput = z.object({ name: teamNameSchema, slug: teamSlugSchema });

export const inviteExpiryDays = z.number().int().min(1, 'Invites last at least 1 day').max(30, 'Invites last at most 30 days');

/** Suggests a slug from a team name: "Vision Lab (2026)" → "vision-lab-2026". */
export function slugFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
}
