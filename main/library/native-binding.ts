import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LibraryAccessError } from '../../shared/errors.js';
import { packageRoot } from '../system/package-paths.js';

/*
 * Native modules that load where they run.
 *
 * better-sqlite3 is a V8/NAN addon: its `.node` file is built for one NODE_MODULE_VERSION, and
 * Electron's differs from Node's, so the build that `npm ci` makes for Node (used by the CLI and the
 * tests) fails in Electron with "was compiled against a different Node.js version". `npm start`
 * therefore prepares an Electron build into a folder of its own (native/, see
 * main/electron/prepare-native.ts) and Electron processes load it through better-sqlite3's
 * `nativeBinding` option. A packaged app needs none of this: electron-builder's `npmRebuild`
 * rebuilt the copy inside the package for Electron.
 *
 * onnxruntime-node needs no such care: its binding (bin/napi-v6/<platform>/<arch>/
 * onnxruntime_binding.node) is an N-API addon, which imports only `napi_*` functions (no V8 or
 * node:: symbols; test/unit/electron/native-binding.test.ts checks the file), and N-API's ABI is the
 * same in Node and in Electron. h5wasm and TensorFlow.js's wasm backend are WebAssembly.
 */

export interface BindingRuntime {
  /** `process.versions.electron`: set in every Electron process (main, utility), absent in Node. */
  electronVersion: string | undefined;
  platform: NodeJS.Platform;
  arch: string;
  /** The folder that holds Film Room's package.json (inside app.asar when packaged). */
  root: string;
}

export function currentRuntime(): BindingRuntime {
  return { electronVersion: process.versions.electron, platform: process.platform, arch: process.arch, root: packageRoot() };
}

/** The installed better-sqlite3's version: a prepared build is only valid for the version it came from. */
export function betterSqliteVersion(root: string): string {
  const require = createRequire(path.join(root, 'package.json'));
  return (require('better-sqlite3/package.json') as { version: string }).version;
}

/** Where `npm start` puts better-sqlite3 built for this Electron, platform and architecture. */
export function electronBindingPath(runtime: BindingRuntime & { electronVersion: string }, sqliteVersion = betterSqliteVersion(runtime.root)): string {
  const folder = `better-sqlite3-${sqliteVersion}-electron-${runtime.electronVersion}-${runtime.platform}-${runtime.arch}`;
  return path.join(runtime.root, 'native', folder, 'better_sqlite3.node');
}

/** A packaged app's files live in `app.asar` (or `app/`) under the app's resources folder. */
export function isPackaged(root: string): boolean {
  return root.split(/[\\/]/).includes('app.asar');
}

/**
 * The `nativeBinding` to give better-sqlite3 in this process: undefined for the build in
 * node_modules (Node, or a packaged app whose node_modules were rebuilt for Electron), else the
 * Electron build that `npm start` prepared. Under Electron from a source checkout without that
 * build, it says what to do instead of letting the addon fail with an ABI message.
 */
export function sqliteNativeBinding(given?: BindingRuntime, exists: (file: string) => boolean = fs.existsSync): string | undefined {
  // Under Node (the CLI, the tests) the answer needs no look-up at all.
  const runtime = given ?? (process.versions.electron === undefined ? undefined : currentRuntime());
  const electronVersion = runtime?.electronVersion;
  if (!runtime || electronVersion === undefined || isPackaged(runtime.root)) return undefined;
  const file = electronBindingPath({ ...runtime, electronVersion });
  if (exists(file)) return file;
  throw new LibraryAccessError(`better-sqlite3 has no build for Electron ${electronVersion} here (${file} is missing): start the desktop app with \`npm start\`, which prepares it.`);
}
