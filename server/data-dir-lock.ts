import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * PGlite is single-process: two processes on one folder silently lose data. The owner
 * writes its pid into a lock file created with O_EXCL; a second process is refused with
 * a message naming the folder and the owner. A lock left by a dead process is taken over.
 */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
    ownerSince: string,
  ) {
    super(
      `The Holdout data folder ${dataDir} is already in use by process ${ownerPid} (running since ${ownerSince}). ` +
        `Only one Holdout process may own an embedded database. Stop that process first, ` +
        `or start this one with HOLDOUT_DATA_DIR set to another folder, or with DATABASE_URL pointing at PostgreSQL.`,
    );
    this.name = 'DataDirInUseError';
  }
}

interface LockContent {
  pid: number;
  host: string;
  since: string;
}

const held = new Set<string>();

export function lockFilePath(dataDir: string): string {
  return path.join(dataDir, 'holdout.lock');
}

export function acquireDataDirLock(dataDir: string): void {
  const file = lockFilePath(dataDir);
  if (held.has(file)) return;
  fs.mkdirSync(dataDir, { recursive: true });
  const content: LockContent = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(content), { flag: 'wx' });
      held.add(file);
      process.once('exit', () => releaseDataDirLock(dataDir));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readLock(file);
    if (owner && owner.pid === process.pid && owner.host === os.hostname()) {
      held.add(file);
      return;
    }
    if (owner && owner.host === os.hostname() && isAlive(owner.pid)) {
      throw new DataDirInUseError(dataDir, owner.pid, owner.since);
    }
    if (owner && owner.host !== os.hostname()) {
      throw new Error(
        `The Holdout data folder ${dataDir} is locked by process ${owner.pid} on host ${owner.host}. ` +
          `If that host no longer runs Holdout, delete ${file} and start again.`,
      );
    }
    // Stale (owner died) or unreadable: remove and retry the exclusive create.
    fs.rmSync(file, { force: true });
  }
  throw new Error(`Could not lock the Holdout data folder ${dataDir}; another process keeps taking it.`);
}

export function releaseDataDirLock(dataDir: string): void {
  const file = lockFilePath(dataDir);
  if (!held.delete(file)) return;
  const owner = readLock(file);
  if (owner?.pid === process.pid) fs.rmSync(file, { force: true });
}

function readLock(file: string): LockContent | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockContent>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') {
      return { pid: parsed.pid, host: parsed.host, since: String(parsed.since ?? 'unknown') };
    }
  } catch {
    // Missing or half-written: treated as stale.
  }
  return null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
