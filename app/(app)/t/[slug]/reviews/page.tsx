import { AwaitingReviewsPage } from '@/app/components/collaboration/awaiting-reviews';

export const metadata = { title: 'Reviews' };

export default function TeamReviewsPage() {
  return <AwaitingReviewsPage />;
}
