import { WorkersPage } from '@/app/components/runs/workers-page';

export const metadata = { title: 'Workers' };

export default function TeamWorkersPage() {
  return <WorkersPage />;
}
