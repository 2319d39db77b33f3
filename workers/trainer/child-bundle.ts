import { buildSync } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GRADIENT_THREAD_DEFINE } from './data-parallel-entry';

/**
 * How to start a trainer child: one esbuild bundle of workers/trainer/child.ts run by plain Node
 * (plus one of gradient-thread.ts, the threads it may start for data-parallel training),
 * or, if bundling fails, the TypeScript source under tsx. tsx's hooks look at every module a
 * process loads; through them tfjs alone took most of the child's boot, time that sits
 * between "launch" and the first epoch whenever the warm child has just been used. The bundle is
 * CommonJS with packages left external, so tfjs loads through `require`, its fastest path.
 *
 * Built once per process (~0.1 s) into node_modules/.cache: inside the project, so the bundle
 * resolves packages from the project's node_modules like the source does; a fresh build per
 * process means it can never be stale.
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
  /** The gradient threads' bundle the child starts (data-parallel.ts), when bundled. */
  gradientThreadPath?: string;
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
    // Named by its content: a warm child forked from an older build still finds the thread code
    // of its own build when it starts threads, hours later if need be.
    const threadCode = bundleCode(THREAD_SOURCE, {});
    const gradientThreadPath = path.join(BUNDLE_DIR, `trainer-gradient-thread-${createHash('sha256').update(threadCode).digest('hex').slice(0, 16)}.cjs`);
    if (!existsSync(gradientThreadPath)) writeAtomically(gradientThreadPath, threadCode);
    const target = path.join(BUNDLE_DIR, 'trainer-child.cjs');
    writeAtomically(target, bundleCode(SOURCE, { [GRADIENT_THREAD_DEFINE]: JSON.stringify(gradientThreadPath) }));
    return { path: target, execArgv: ['--enable-source-maps'], bundled: true, gradientThreadPath };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    console.warn(`[holdout] could not bundle the trainer child (${reason}); running it from source under tsx, which boots ~1 s slower`);
    return { path: SOURCE, execArgv: ['--import', pathToFileURL(require.resolve('tsx')).href], bundled: false, fallbackReason: reason };
  }
}

function bundleCode(source: string, define: Record<string, string>): string {
  const result = buildSync({
    entryPoints: [source],
    write: false,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    packages: 'external',
    define: { 'import.meta.url': IMPORT_META_URL, ...define },
    banner: { js: `const ${IMPORT_META_URL} = require('node:url').pathToFileURL(__filename).href;` },
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** Written to a temporary name and renamed: concurrent processes never start a half-written file. */
function writeAtomically(target: string, code: string): void {
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, code);
  renameSync(temporary, target);
}
