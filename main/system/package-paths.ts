import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder that holds Film Room's package.json, found by walking up from this module: the same
 * answer from sources under vitest, from the bundle in dist/, and inside a packaged app.
 */
export function packageRoot(start: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'filmroom') return dir;
    if (path.dirname(dir) === dir) throw new Error(`Cannot find Film Room's package.json above ${start}.`);
  }
}

/** The built renderer (`npm run build` writes it). */
export function rendererDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.FILMROOM_RENDERER_DIR ?? path.join(packageRoot(), 'dist', 'renderer');
}
