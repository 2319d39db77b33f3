import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * PGlite is single-process: two processes on one folder silently lose data. The owner
 * holds a lock file naming its pid; a second process is refused with a message naming the
 * folder and the owner. A lock left by a dead process is taken over.
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

/**
 * Takes the folder's lock or throws. Atomic: the lock file is written completely under a unique
 * temporary name and then hard-linked into place, which fails if a lock exists, so no reader ever
 * sees a half-written lock and exactly one of any number of simultaneous starters wins. A lock is
 * removed only after proving it stale (its process is dead), and only while holding a short
 * takeover guard taken the same way, so two starters cannot both remove it and both take over.
 */
export function acquireDataDirLock(dataDir: string): void {
  const file = lockFilePath(dataDir);
  if (held.has(file)) return;
  fs.mkdirSync(dataDir, { recursive: true });
  const content: LockContent = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 50; attempt++) {
    if (attempt > 0) pause(10 + Math.random() * 20);
    if (linkExclusive(file, content)) {
      held.add(file);
      process.once('exit', () => releaseDataDirLock(dataDir));
      return;
    }
    const owner = readLock(file);
    if (owner === null) continue; // Released between our attempt and the read: try again.
    if (owner.pid === process.pid && owner.host === os.hostname()) {
      held.add(file);
      return;
    }
    if (owner.host !== os.hostname()) {
      throw new Error(
        `The Holdout data folder ${dataDir} is locked by process ${owner.pid} on host ${owner.host}. ` +
          `If that host no longer runs Holdout, delete ${file} and start again.`,
      );
    }
    if (isAlive(owner.pid)) throw new DataDirInUseError(dataDir, owner.pid, owner.since);
    removeStaleLock(file, owner);
  }
  throw new Error(`Could not lock the Holdout data folder ${dataDir}; another process keeps taking it.`);
}

/** Writes `content` to a unique temporary file and links it to `file`; false when `file` exists. */
function linkExclusive(file: string, content: LockContent): boolean {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(content), { flag: 'wx' });
  try {
    fs.linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/** Start-up is synchronous here; a short blocking wait lets a concurrent takeover finish. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A takeover guard older than this, whose process is gone, was left by a crash mid-takeover. */
const STALE_GUARD_MS = 10_000;

function removeStaleLock(file: string, stale: LockContent): void {
  const guard = `${file}.takeover`;
  const me: LockContent = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  if (!linkExclusive(guard, me)) {
    const holder = readLock(guard);
    const age = Date.now() - (fs.statSync(guard, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (holder && !isAlive(holder.pid) && age > STALE_GUARD_MS) fs.rmSync(guard, { force: true });
    return; // Someone else is taking over; the caller tries again and sees the outcome.
  }
  try {
    // Under the guard nobody else removes the lock, and while it exists nobody can create one:
    // if it still names the dead owner, it is the stale lock we proved stale.
    const now = readLock(file);
    if (now && now.pid === stale.pid && now.host === stale.host && now.since === stale.since) fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(guard, { force: true });
  }
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
    // Missing (released meanwhile). Locks are linked into place whole, so never half-written.
  }
  return null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process its parent has not reaped yet (a zombie, common in containers without an
  // init) still answers signal 0, but holds nothing: its lock is stale.
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    // /proc/<pid>/stat: "pid (comm) state …"; comm may hold spaces or parentheses, so read after the last ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false; // No /proc (macOS) or gone meanwhile: signal 0 already answered.
  }
}
