'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { useState, type ReactNode } from 'react';
import superjson from 'superjson';
import type { AppRouter } from '@/server/api/root';
import { TRPC_MAX_BATCH_SIZE } from '@/server/shared/api-limits';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        retry: (failures, error) => {
          // Don't retry what will fail the same way again.
          const code = error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
          if (code && ['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_REQUEST', 'PRECONDITION_FAILED', 'CONFLICT'].includes(code)) return false;
          return failures < 2;
        },
      },
    },
  });
}

/** Characters of JSON input above which a query is sent as POST (about 100 run ids). */
const LONG_QUERY_INPUT = 4_000;

export function TrpcProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        // Subscriptions stream over server-sent events; the link sends the last tracked id back
        // on reconnect, so a live page resumes without gaps or repeats.
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: httpSubscriptionLink({ url: '/api/trpc', transformer: superjson }),
          // A query's input travels in the URL: a long one (the ids of hundreds of runs to compare)
          // would outgrow what servers and proxies accept in a request line, so it goes as POST.
          false: splitLink({
            condition: (op) => op.type === 'query' && JSON.stringify(op.input ?? null).length > LONG_QUERY_INPUT,
            true: httpLink({ url: '/api/trpc', transformer: superjson, methodOverride: 'POST' }),
            false: httpBatchLink({ url: '/api/trpc', transformer: superjson, maxURLLength: 8_000, maxItems: TRPC_MAX_BATCH_SIZE }),
          }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** The server's user-safe message, or a generic one. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

/** The first message per top-level field of a failed client-side parse, for inline errors. */
export function issuesByField(error: { issues: { path: PropertyKey[]; message: string }[] }): Record<string, string> {
  const result: Record<string, string> = {};
  for (const issue of error.issues) result[String(issue.path[0])] ??= issue.message;
  return result;
}

/** Inline per-field messages from the server's zod issues, keyed by the field's path. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof TRPCClientError)) return {};
  const issues = (error.data as { zodIssues?: { path: string[]; message: string }[] | null } | undefined)?.zodIssues;
  const result: Record<string, string> = {};
  for (const issue of issues ?? []) {
    const key = issue.path.join('.');
    result[key] ??= issue.message;
  }
  return result;
}
