import 'server-only';
import path from 'node:path';

/**
 * Small real datasets shipped in the repository (exported from scikit-learn's bundled copies
 * of the UCI Machine Learning Repository files). All four are licensed CC BY 4.0 by UCI.
 */
export const SHIPPED_EXAMPLES = {
  iris: {
    title: 'Iris',
    file: 'iris.csv',
    target: 'label',
    description: '150 flowers, 4 measurements, 3 species (Fisher, 1936).',
    source: 'UCI Machine Learning Repository, “Iris” (R. A. Fisher, 1936), doi:10.24432/C56C76',
  },
  wine: {
    title: 'Wine',
    file: 'wine.csv',
    target: 'label',
    description: '178 wines, 13 chemical measurements, 3 cultivars.',
    source: 'UCI Machine Learning Repository, “Wine” (Aeberhard & Forina, 1991), doi:10.24432/C5PC7J',
  },
  'breast-cancer': {
    title: 'Breast cancer (Wisconsin, diagnostic)',
    file: 'breast-cancer-wisconsin.csv',
    target: 'label',
    description: '569 tumours, 30 features from digitized images, malignant or benign.',
    source: 'UCI Machine Learning Repository, “Breast Cancer Wisconsin (Diagnostic)” (Wolberg, Mangasarian, Street & Street, 1995), doi:10.24432/C5DW2B',
  },
  digits: {
    title: 'Handwritten digits 8×8',
    file: 'digits-8x8.csv',
    target: 'label',
    description: '1,797 images of digits 0–9 as 64 pixel intensities (0–16).',
    source: 'UCI Machine Learning Repository, “Optical Recognition of Handwritten Digits” (Alpaydin & Kaynak, 1998), doi:10.24432/C50P49',
  },
} as const;

export type ShippedExampleKey = keyof typeof SHIPPED_EXAMPLES;
export const SHIPPED_LICENSE = 'CC BY 4.0';

export function shippedExamplePath(projectRoot: string, key: ShippedExampleKey): string {
  return path.join(projectRoot, 'server', 'domain', 'examples', 'data', SHIPPED_EXAMPLES[key].file);
}
