import { NotificationsPage } from '@/app/components/notifications/notifications-page';

export const metadata = { title: 'Notifications' };

export default function NotificationsRoute() {
  return <NotificationsPage />;
}
