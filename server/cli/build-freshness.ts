import fs from 'node:fs';
import path from 'node:path';

const SOURCE_DIRS = ['app', 'server', 'db', 'workers'];
const SOURCE_FILES = ['next.config.js', 'package.json', 'tsconfig.json', 'postcss.config.mjs'];

/** True when there is no production build, or a source file changed after it was made. */
export function buildIsStale(projectRoot: string): boolean {
  let builtAt: number;
  try {
    builtAt = fs.statSync(path.join(projectRoot, '.next', 'BUILD_ID')).mtimeMs;
  } catch {
    return true;
  }
  const newest = Math.max(
    ...SOURCE_FILES.map((f) => mtime(path.join(projectRoot, f))),
    ...SOURCE_DIRS.map((d) => newestIn(path.join(projectRoot, d))),
  );
  return newest > builtAt;
}

function mtime(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function newestIn(dir: string): number {
  let newest = 0;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestIn(full));
    else newest = Math.max(newest, mtime(full));
  }
  return newest;
}
