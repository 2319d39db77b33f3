import { ComparePage } from '@/app/components/compare/compare-page';

export const metadata = { title: 'Compare runs' };

export default function TeamComparePage() {
  return <ComparePage />;
}
