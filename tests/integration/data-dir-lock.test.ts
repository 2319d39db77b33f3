import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirInUseError, lockFilePath, releaseDataDirLock } from '@/server/shared/data-dir-lock';

const root = path.resolve(import.meta.dirname, '..', '..');

/** Starts a real second process that owns the folder, like a running `npm start` would. */
function startOwner(dataDir: string) {
  const script = `import { acquireDataDirLock } from './server/shared/data-dir-lock.ts'; acquireDataDirLock(${JSON.stringify(dataDir)}); console.log('locked'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise<typeof child>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve(child));
    child.on('exit', (code) => reject(new Error(`owner exited early with ${code}`)));
  });
}

describe('one owner per embedded data folder', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) {
      releaseDataDirLock(dir);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a second process, naming the folder and the owner pid, and leaves the lock alone', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'holdout-lock-'));
    dirs.push(dataDir);
    const owner = await startOwner(dataDir);
    try {
      let error: unknown;
      try {
        acquireDataDirLock(dataDir);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DataDirInUseError);
      expect((error as Error).message).toContain(dataDir);
      expect((error as Error).message).toContain(`process ${owner.pid}`);
      expect(JSON.parse(fs.readFileSync(lockFilePath(dataDir), 'utf8'))).toMatchObject({ pid: owner.pid });
    } finally {
      owner.kill('SIGKILL');
    }
  });

  it('takes over a lock whose owner died (kill -9 leaves the file behind)', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'holdout-lock-'));
    dirs.push(dataDir);
    const owner = await startOwner(dataDir);
    owner.kill('SIGKILL');
    await new Promise((resolve) => owner.on('exit', resolve));
    expect(fs.existsSync(lockFilePath(dataDir))).toBe(true);
    acquireDataDirLock(dataDir);
    expect(JSON.parse(fs.readFileSync(lockFilePath(dataDir), 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it('creates missing parent folders (PGlite does not)', () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'holdout-lock-')), 'nested', 'deeper');
    dirs.push(dataDir);
    acquireDataDirLock(dataDir);
    expect(fs.existsSync(lockFilePath(dataDir))).toBe(true);
  });

  /**
   * Many processes start at the same instant (each waits for a shared wall-clock moment, then
   * acquires): exactly one owns the folder, every other is refused naming the winner.
   */
  async function race(dataDir: string, contenders: number): Promise<string[]> {
    const at = Date.now() + 4_000;
    const script = `import { acquireDataDirLock } from './server/shared/data-dir-lock.ts';
      while (Date.now() < ${at}) {}
      try { acquireDataDirLock(${JSON.stringify(dataDir)}); console.log('won'); } catch (e) { console.log('refused: ' + e.message); }
      setTimeout(() => process.exit(0), 1500);`;
    const children = Array.from({ length: contenders }, () =>
      new Promise<string>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('exit', () => resolve(out.trim()));
      }),
    );
    return Promise.all(children);
  }

  it('lets exactly one of many simultaneous starters take a free folder', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'holdout-lock-'));
    dirs.push(dataDir);
    const outcomes = await race(dataDir, 8);
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
    expect(outcomes.filter((o) => o.startsWith('refused: The Holdout data folder'))).toHaveLength(7);
  }, 60_000);

  it('lets exactly one of many simultaneous starters take over a dead owner’s lock', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'holdout-lock-'));
    dirs.push(dataDir);
    const owner = await startOwner(dataDir);
    owner.kill('SIGKILL');
    await new Promise((resolve) => owner.on('exit', resolve));
    const outcomes = await race(dataDir, 8);
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
    expect(outcomes.filter((o) => o.startsWith('refused: The Holdout data folder'))).toHaveLength(7);
  }, 60_000);
});
