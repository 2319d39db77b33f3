import { DatasetsPage } from '@/app/components/datasets/datasets-page';

export const metadata = { title: 'Datasets' };

export default function TeamDatasetsPage() {
  return <DatasetsPage />;
}
