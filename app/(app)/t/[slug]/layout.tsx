import type { ReactNode } from 'react';
import { TeamShell } from '@/app/components/teams/team-shell';

export default async function TeamLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return <TeamShell slug={slug}>{children}</TeamShell>;
}
