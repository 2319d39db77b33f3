import 'server-only';
import { z } from 'zod';
import { listTeamAudit } from '@/server/domain/teams/audit';
import { auditOutput } from '../outputs/audit';
import { createTRPCRouter, teamProcedure } from '../trpc';

export const auditRouter = createTRPCRouter({
  list: teamProcedure('audit.read')
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50), before: z.date().optional() }))
    .output(auditOutput.list)
    .query(({ ctx, input }) => listTeamAudit(ctx.db, ctx.team.id, { limit: input.limit, before: input.before })),
});
