import type { Metadata } from 'next';
import { TeamsOverview } from '@/app/components/teams/teams-overview';

export const metadata: Metadata = { title: 'Teams' };

export default function TeamsPage() {
  return <TeamsOverview />;
}
