import { TeamSettings } from '@/app/components/teams/team-settings';

export default function TeamSettingsPage() {
  return <TeamSettings />;
}
