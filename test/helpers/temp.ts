import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach } from 'vitest';

/** A fresh folder, removed after the test that asked for it. */
export function tempDir(prefix = 'filmroom-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A fresh folder for a whole `describe` block (call it in the block's body), removed after it. */
export function suiteTempDir(prefix = 'filmroom-suite-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
