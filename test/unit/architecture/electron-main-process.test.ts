import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/run-cli.js';

// Electron's main process drives every window: it keeps windows, the filmroom:// protocol, dialogs
// and the IPC relay, and nothing that can block (SQL) or burn CPU (models). Read from the bundle
// `npm run build` writes, so an import that drags the library in through any path is caught.
const bundle = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
const required = (code: string) => [...code.matchAll(/require\("([^"]+)"\)|import\("([^"]+)"\)/g)].map((m) => m[1] ?? m[2]!);

describe('Electron’s main process', () => {
  it('loads no SQLite, no model runtime and no process spawning: only electron, zod and Node’s fs/path/url/stream', () => {
    const modules = new Set(required(bundle('dist/electron/main.cjs')));
    for (const heavy of ['better-sqlite3', 'onnxruntime-node', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-node-gpu', 'h5wasm', 'node:child_process', 'child_process', 'node:worker_threads']) {
      expect(modules.has(heavy), heavy).toBe(false);
    }
    expect([...modules].filter((m) => !m.startsWith('node:')).sort()).toEqual(['electron', 'zod']);
  });

  it('while the services host it starts carries the library and the engines', () => {
    const modules = new Set(required(bundle('dist/main/services-host.cjs')));
    expect(modules.has('better-sqlite3')).toBe(true);
    expect(modules.has('electron')).toBe(false);
  });
});
