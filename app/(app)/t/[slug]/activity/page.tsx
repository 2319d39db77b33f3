import { Suspense } from 'react';
import { ActivityFeedPage } from '@/app/components/activity/activity-feed-page';

export const metadata = { title: 'Activity' };

export default function TeamActivityPage() {
  return (
    <Suspense>
      <ActivityFeedPage />
    </Suspense>
  );
}
