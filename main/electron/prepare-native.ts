import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { betterSqliteVersion, electronBindingPath } from '../library/native-binding.js';

/**
 * `npm start`'s preparation of better-sqlite3 for Electron's ABI, into native/ (never over the Node
 * build in node_modules, which the CLI and the tests keep using). Runs under Node, before Electron
 * starts; needs no 'electron' import. First the prebuilt binary for this Electron (prebuild-install,
 * as better-sqlite3's own install does for Node), else a compile against Electron's headers
 * (node-gyp); then the result is loaded once by Electron itself (ELECTRON_RUN_AS_NODE) to prove it.
 */

export type Run = (command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv }) => { status: number | null; output: string };

export interface PrepareOptions {
  root: string;
  electronVersion: string;
  /** The Electron executable, to check the build loads where it will run. */
  electronBinary: string;
  platform?: NodeJS.Platform;
  arch?: string;
  run?: Run;
}

export type PrepareResult = { ok: true; file: string; prepared: boolean } | { ok: false; reason: string };

const runSync: Run = (command, args, options) => {
  const result = spawnSync(command, args, { ...options, encoding: 'utf8', timeout: 10 * 60 * 1000 });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
};

export function prepareElectronSqlite(options: PrepareOptions): PrepareResult {
  const run = options.run ?? runSync;
  const runtime = { electronVersion: options.electronVersion, platform: options.platform ?? process.platform, arch: options.arch ?? process.arch, root: options.root };
  const sqliteVersion = betterSqliteVersion(options.root);
  const target = electronBindingPath(runtime, sqliteVersion);
  const loads = (file: string) => checkLoads(run, options, file);
  if (fs.existsSync(target) && loads(target).ok) return { ok: true, file: target, prepared: false };

  const require = createRequire(path.join(options.root, 'package.json'));
  const source = path.dirname(require.resolve('better-sqlite3/package.json'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'filmroom-electron-sqlite-'));
  try {
    // A copy without the Node build: prebuild-install and node-gyp write into build/ of their cwd.
    fs.cpSync(source, work, { recursive: true, filter: (file) => path.relative(source, file).split(path.sep)[0] !== 'build' });
    const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');
    const attempts = [prebuildInstall(require, source, runtime), nodeGyp(require, runtime)].filter((a): a is string[] => a !== undefined);
    const outputs: string[] = [];
    for (const args of attempts) {
      const result = run(process.execPath, args, { cwd: work });
      if (result.status === 0 && fs.existsSync(built)) break;
      outputs.push(result.output);
    }
    if (!fs.existsSync(built)) return { ok: false, reason: failureReason(outputs, options.electronVersion) };
    const loaded = loads(built);
    if (!loaded.ok) return loaded;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(built, `${target}.partial`);
    fs.renameSync(`${target}.partial`, target);
    return { ok: true, file: target, prepared: true };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function prebuildInstall(require: NodeJS.Require, source: string, runtime: { electronVersion: string; platform: string; arch: string }): string[] | undefined {
  try {
    const bin = require.resolve('prebuild-install/bin.js', { paths: [source] });
    return [bin, '--runtime', 'electron', '--target', runtime.electronVersion, '--platform', runtime.platform, '--arch', runtime.arch];
  } catch {
    return undefined;
  }
}

function nodeGyp(require: NodeJS.Require, runtime: { electronVersion: string; arch: string }): string[] | undefined {
  try {
    const bin = require.resolve('node-gyp/bin/node-gyp.js');
    return [bin, 'rebuild', '--release', '--runtime=electron', `--target=${runtime.electronVersion}`, `--arch=${runtime.arch}`, '--dist-url=https://electronjs.org/headers'];
  } catch {
    return undefined;
  }
}

/** Loads the build in Electron's own Node and runs one query: the only proof that the ABI fits. */
function checkLoads(run: Run, options: PrepareOptions, file: string): PrepareResult {
  const script = `const Db = require(${JSON.stringify(path.join(options.root, 'node_modules', 'better-sqlite3'))}); new Db(':memory:', { nativeBinding: ${JSON.stringify(file)} }).prepare('select 1').get();`;
  const result = run(options.electronBinary, ['-e', script], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  if (result.status === 0) return { ok: true, file, prepared: false };
  const last = result.output.trim().split('\n').find((line) => /Error/.test(line)) ?? `exit code ${result.status}`;
  return { ok: false, reason: `the build of better-sqlite3 for Electron ${options.electronVersion} does not load (${last.trim()})` };
}

/** One line: offline is the usual reason, and says so. */
export function failureReason(outputs: readonly string[], electronVersion: string): string {
  const all = outputs.join('\n');
  if (outputs.length === 0) return `neither prebuild-install nor node-gyp is installed to build better-sqlite3 for Electron ${electronVersion}`;
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|getaddrinfo|fetch failed/.test(all)) {
    return `better-sqlite3 for Electron ${electronVersion} could not be downloaded or compiled (no network)`;
  }
  const line = all.split('\n').map((l) => l.trim()).find((l) => /error/i.test(l));
  return `better-sqlite3 for Electron ${electronVersion} could not be built${line ? ` (${line.slice(0, 160)})` : ''}`;
}
