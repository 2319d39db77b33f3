import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The web/worker boundary, checked by reading imports (ARCHITECTURE.md explains it):
 * - workers/ import their own code, server/shared/ and db/, nothing else of server/;
 * - server/shared/ imports only itself and db/ (it is loaded by workers, the launcher and the browser);
 * - every other module of server/ (but the launcher, server/cli/) starts with `import 'server-only'`;
 * - client components take from server/ only server/shared/ values (types are erased).
 */
const root = path.resolve(import.meta.dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

interface Import {
  target: string;
  typeOnly: boolean;
}

const STATEMENT = /^\s*(?:import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

/** The project files a module imports, resolved to root-relative paths. */
function importsOf(file: string): Import[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const found: Import[] = [];
  for (const m of text.matchAll(STATEMENT)) {
    const spec = m[3] ?? m[4] ?? m[5]!;
    const clause = m[2] ?? '';
    const typeOnly = Boolean(m[1]) || (clause.startsWith('{') && clause.replace(/[{}]/g, '').split(',').every((p) => !p.trim() || p.trim().startsWith('type ')));
    const base = spec.startsWith('@/') ? path.join(root, spec.slice(2)) : spec.startsWith('.') ? path.resolve(root, path.dirname(file), spec) : null;
    if (!base) continue;
    const resolved = [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
    if (resolved) found.push({ target: path.relative(root, resolved), typeOnly });
  }
  return found;
}

const inShared = (f: string) => f.startsWith('server/shared/');

describe('the web/worker boundary', () => {
  it('finds the modules it checks', () => {
    expect(sourceFiles('workers').length).toBeGreaterThan(20);
    expect(sourceFiles('server/shared').length).toBeGreaterThan(40);
    expect(importsOf('workers/handler/train-handler.ts').map((i) => i.target)).toContain('server/shared/runs/lifecycle.ts');
  });

  it('workers import server/ only through server/shared/', () => {
    const crossings = sourceFiles('workers').flatMap((f) => importsOf(f).filter((i) => i.target.startsWith('server/') && !inShared(i.target)).map((i) => `${f} → ${i.target}`));
    expect(crossings).toEqual([]);
  });

  it('server/shared/ imports only itself and db/', () => {
    const crossings = sourceFiles('server/shared').flatMap((f) => importsOf(f).filter((i) => !inShared(i.target) && !i.target.startsWith('db/')).map((i) => `${f} → ${i.target}`));
    expect(crossings).toEqual([]);
  });

  it("every other server module is server-only, and the shared ones are not", () => {
    const server = sourceFiles('server');
    const missing = server.filter((f) => !inShared(f) && !f.startsWith('server/cli/') && !/^import 'server-only';/m.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(missing).toEqual([]);
    const marked = server.filter((f) => inShared(f) && /^import 'server-only';/m.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(marked).toEqual([]);
  });

  it('client components take values from server/ only out of server/shared/', () => {
    const clients = sourceFiles('app').filter((f) => /^\s*['"]use client['"]/.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(clients.length).toBeGreaterThan(20);
    const crossings = clients.flatMap((f) => importsOf(f).filter((i) => !i.typeOnly && i.target.startsWith('server/') && !inShared(i.target)).map((i) => `${f} → ${i.target}`));
    expect(crossings).toEqual([]);
  });
});
