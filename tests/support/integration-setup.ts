import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Each test worker gets its own data folder, so blobs written by tests never land in the
// project's .holdout/ and never collide between parallel files.
process.env.HOLDOUT_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'holdout-test-'));
