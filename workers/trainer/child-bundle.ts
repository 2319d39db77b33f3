import { buildSync } from 'esbuild';
import { mkdirSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GRADIENT_THREAD_BUNDLE, TRAINER_CHILD_BUNDLE } from './bundle-names';

/**
 * How to start a trainer child: one esbuild bundle of workers/trainer/child.ts run by plain Node
 * (plus one of gradient-thread.ts, the threads it may start for data-parallel training),
 * or, if bundling fails, the TypeScript source under tsx. tsx's hooks look at every module a
 * process loads; through them tfjs alone took ~1 s of a ~1.5 s boot (measured), time that sits
 * between "launch" and the first epoch whenever the warm child has just been used. The bundle is
 * CommonJS with packages left external, so tfjs loads through `require`, its fastest path.
 *
 * Built once per process (~0.1 s) into node_modules/.cache: inside the project, so the bundle
 * resolves packages from the project's node_modules like the source does; a fresh build per
 * process means it can never be stale. Written to a temporary name and renamed, so concurrent
 * processes never start a half-written file.
 */
const require = createRequire(import.meta.url);
const SOURCE = fileURLToPath(new URL('./child.ts', import.meta.url));
const THREAD_SOURCE = fileURLToPath(new URL('./gradient-thread.ts', import.meta.url));
const PROJECT_ROOT = path.resolve(path.dirname(SOURCE), '..', '..');
const BUNDLE_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'holdout');
/** `import.meta.url` has no CommonJS equivalent: the banner defines this from __filename instead. */
const IMPORT_META_URL = '__holdoutImportMetaUrl';

export interface ChildEntry {
  /** The file to fork. */
  path: string;
  /** Node flags it needs (the tsx loader for the source fallback). */
  execArgv: string[];
  bundled: boolean;
  /** Why the bundle could not be built, for the worker's log. */
  fallbackReason?: string;
}

let cached: ChildEntry | undefined;

export function trainerChildEntry(): ChildEntry {
  cached ??= buildEntry();
  return cached;
}

function buildEntry(): ChildEntry {
  try {
    mkdirSync(BUNDLE_DIR, { recursive: true });
    // The gradient thread first: the child looks for it beside itself (data-parallel.ts).
    bundle(THREAD_SOURCE, path.join(BUNDLE_DIR, GRADIENT_THREAD_BUNDLE));
    const target = path.join(BUNDLE_DIR, TRAINER_CHILD_BUNDLE);
    bundle(SOURCE, target);
    return { path: target, execArgv: ['--enable-source-maps'], bundled: true };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    console.warn(`[holdout] could not bundle the trainer child (${reason}); running it from source under tsx, which boots ~1 s slower`);
    return { path: SOURCE, execArgv: ['--import', pathToFileURL(require.resolve('tsx')).href], bundled: false, fallbackReason: reason };
  }
}

function bundle(source: string, target: string): void {
  const temporary = `${target}.${process.pid}.tmp`;
  buildSync({
    entryPoints: [source],
    outfile: temporary,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    packages: 'external',
    define: { 'import.meta.url': IMPORT_META_URL },
    banner: { js: `const ${IMPORT_META_URL} = require('node:url').pathToFileURL(__filename).href;` },
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  renameSync(temporary, target);
}
