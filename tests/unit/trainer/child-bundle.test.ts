import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainerChildEntry } from '../../../workers/trainer/child-bundle';

describe('trainer child bundle', () => {
  it('bundles child.ts (and its gradient thread) into CommonJS files inside the project, packages left to node_modules', () => {
    const entry = trainerChildEntry();
    expect(entry).toMatchObject({ bundled: true, execArgv: ['--enable-source-maps'] });
    expect(entry.path).toMatch(/node_modules\/\.cache\/holdout\/trainer-child\.cjs$/);
    expect(existsSync(entry.path)).toBe(true);
    const code = readFileSync(entry.path, 'utf8');
    // tfjs and zod are required from node_modules, not copied in; our own modules are inlined.
    expect(code).toMatch(/require\("@tensorflow\/tfjs"\)/);
    expect(code).toMatch(/require\("zod"\)/);
    expect(code).toContain('must be started with child_process.fork');
    expect(code).not.toMatch(/import\.meta/);
    // The gradient thread of data-parallel training, bundled alike beside it, named by its content;
    // the child carries that name, so a warm child from an older build starts its own build's thread.
    expect(entry.gradientThreadPath).toMatch(/node_modules\/\.cache\/holdout\/trainer-gradient-thread-[0-9a-f]{16}\.cjs$/);
    expect(path.dirname(entry.gradientThreadPath!)).toBe(path.dirname(entry.path));
    expect(code).toContain(JSON.stringify(entry.gradientThreadPath));
    const thread = readFileSync(entry.gradientThreadPath!, 'utf8');
    expect(thread).toMatch(/require\("@tensorflow\/tfjs"\)/);
    expect(thread).toContain('the gradient thread built a network of a different shape');
    expect(thread).not.toMatch(/import\.meta/);
    // Built once per process.
    expect(trainerChildEntry()).toBe(entry);
  });
});
