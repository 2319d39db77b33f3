import { LeaderboardPage } from '@/app/components/leaderboard/leaderboard-page';

export const metadata = { title: 'Leaderboard' };

export default async function SplitLeaderboardPage({ params }: { params: Promise<{ splitId: string }> }) {
  const { splitId } = await params;
  return <LeaderboardPage splitId={splitId} />;
}
