import crypto from 'node:crypto';
import fs from 'node:fs';
import { generatedSecretFile } from '@/server/shared/env';

/**
 * The embedded default needs no configuration: without NEXTAUTH_SECRET, `npm start` makes a
 * secret once and keeps it in the data folder, readable by its owner only. Concurrent starters
 * agree on one (the first to create the file wins). The launcher runs this before Next loads.
 */
export function writeGeneratedSecret(dataDir: string): void {
  const file = generatedSecretFile(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, crypto.randomBytes(48).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
