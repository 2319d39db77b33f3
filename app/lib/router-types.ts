import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';

/** What each procedure returns, so components type their props from the API itself. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export type DatasetSummary = RouterOutputs['dataset']['list'][number];
export type DatasetDetail = RouterOutputs['dataset']['get'];
export type DatasetVersionSummary = DatasetDetail['versions'][number];
export type DatasetVersionDetail = RouterOutputs['dataset']['version'];
export type Draft = RouterOutputs['dataset']['draft'];
export type SplitDetail = RouterOutputs['split']['get'];
