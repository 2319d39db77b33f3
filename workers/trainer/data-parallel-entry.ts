import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Where a trainer child finds the gradient thread's code (data-parallel.ts). When child-bundle.ts
 * bundles the child, it defines this identifier as the path of the thread bundle built from the
 * same sources; run from source (tests, tsx), the thread runs from source too. A module of its
 * own so that child-bundle.ts, in the worker process, does not load tfjs with it.
 */
export const GRADIENT_THREAD_DEFINE = '__HOLDOUT_GRADIENT_THREAD_BUNDLE__';
declare const __HOLDOUT_GRADIENT_THREAD_BUNDLE__: string | undefined;

export function gradientThreadEntry(): { file: string; execArgv: string[] } {
  if (typeof __HOLDOUT_GRADIENT_THREAD_BUNDLE__ === 'string') {
    return { file: __HOLDOUT_GRADIENT_THREAD_BUNDLE__, execArgv: ['--enable-source-maps'] };
  }
  const require = createRequire(import.meta.url);
  return {
    file: fileURLToPath(new URL('./gradient-thread.ts', import.meta.url)),
    execArgv: ['--import', pathToFileURL(require.resolve('tsx')).href],
  };
}
