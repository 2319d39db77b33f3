import 'server-only';
import { z } from 'zod';
import type { Database } from '@/db/client';
import type { TokenIdentity } from '@/server/domain/accounts/api-tokens';
import { API_MAX_JSON_BYTES } from '@/server/shared/api-limits';
import type { Permission } from '@/server/shared/auth/permissions';
import type { Services } from '@/server/shared/services';
import { readBoundedBody } from '../request-guards';
import { resolveTeamAccess } from '../team-access';

/** What every MLflow endpoint works with: the request, its token's identity, and how it reads its input. */
export type MlflowServices = Pick<Services, 'db' | 'blobs'>;

export class MlflowInput extends Error {}
export interface Context {
  db: Database;
  services: MlflowServices;
  identity: TokenIdentity;
  request: Request;
  url: URL;
}

export async function access(ctx: Context, permission: Permission) {
  return resolveTeamAccess(ctx.db, ctx.identity.userId, ctx.identity.teamId, permission, { teamId: ctx.identity.teamId, role: ctx.identity.role });
}

export function actor(ctx: Context) {
  return { userId: ctx.identity.userId, role: ctx.identity.role };
}

export async function body(ctx: Context): Promise<Record<string, unknown>> {
  const text = (await readBoundedBody(ctx.request, API_MAX_JSON_BYTES)).toString('utf8');
  if (!text) return {};
  try {
    const json = JSON.parse(text) as unknown;
    if (json && typeof json === 'object' && !Array.isArray(json)) return json as Record<string, unknown>;
  } catch {
    // Falls through to the refusal.
  }
  throw new MlflowInput('The request body is not a JSON object.');
}

export function need<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new MlflowInput(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return parsed.data;
}

export const runIdOf = (b: Record<string, unknown>) => need(z.string().uuid('run_id must be a Holdout run id'), b.run_id ?? b.run_uuid);
