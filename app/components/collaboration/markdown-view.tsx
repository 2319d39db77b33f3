'use client';

import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { useTRPC } from '@/app/lib/trpc';
import { mentionHandle } from './mention-handle';
import { renderMarkdown } from './markdown';

/** Rendered comment or note; see markdown.ts for why this HTML is safe to insert. A teammate's @mention links to their runs. */
export function MarkdownView({ source, className = '' }: { source: string; className?: string }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const members = useQuery({ ...trpc.member.list.queryOptions({ teamId: team.id }), staleTime: 60_000 });
  const html = useMemo(() => {
    const byHandle = new Map((members.data ?? []).map((m) => [mentionHandle(m.name), m.userId]));
    return renderMarkdown(source, { mentionHref: (handle) => (byHandle.has(handle) ? `/t/${team.slug}/runs?user=${byHandle.get(handle)}` : null) });
  }, [source, members.data, team.slug]);
  return (
    <div
      className={`markdown text-sm leading-relaxed text-slate-800 [&_a]:text-indigo-700 [&_a]:underline [&_blockquote]:border-l-2 [&_blockquote]:border-slate-200 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600 [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:font-mono [&_code]:text-[0.8125rem] [&_li]:ml-5 [&_ol]:list-decimal [&_p+p]:mt-2 [&_pre]:my-2 [&_pre]:overflow-x-auto [&_pre]:rounded-md [&_pre]:bg-slate-50 [&_pre]:p-2 [&_pre_code]:bg-transparent [&_ul]:list-disc [&_table]:my-2 [&_table]:border-collapse [&_table]:text-xs [&_th]:border [&_th]:border-slate-200 [&_th]:bg-slate-50 [&_th]:px-2 [&_th]:py-1 [&_th]:text-left [&_td]:border [&_td]:border-slate-200 [&_td]:px-2 [&_td]:py-1 [&_td]:tabular-nums [&_.mention]:rounded [&_.mention]:bg-indigo-50 [&_.mention]:px-0.5 [&_.mention]:font-medium [&_.mention]:text-indigo-700 ${className}`}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
