import { DatasetPage } from '@/app/components/datasets/dataset-page';

export const metadata = { title: 'Dataset' };

export default async function TeamDatasetPage({ params }: { params: Promise<{ datasetId: string }> }) {
  const { datasetId } = await params;
  return <DatasetPage datasetId={datasetId} />;
}
