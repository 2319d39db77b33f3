import { TeamDashboard } from '@/app/components/teams/team-dashboard';

export default function TeamDashboardPage() {
  return <TeamDashboard />;
}
