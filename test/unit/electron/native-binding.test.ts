import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { desktopLibraryPath, isWorkerEntry, libraryFlag, servicesHostEntry } from '../../../main/electron/launch-options.js';
import { failureReason, prepareElectronSqlite, type Run } from '../../../main/electron/prepare-native.js';
import { openLibrary } from '../../../main/library/database.js';
import { betterSqliteVersion, electronBindingPath, isPackaged, sqliteNativeBinding } from '../../../main/library/native-binding.js';
import { LibraryAccessError } from '../../../shared/errors.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp.js';

const require = createRequire(import.meta.url);
const NODE_BUILD = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
const SQLITE_VERSION = (require('better-sqlite3/package.json') as { version: string }).version;

/** Sets what the shell checks to tell Electron from Node: `process.versions.electron`. */
function simulateElectron(version: string) {
  Object.defineProperty(process.versions, 'electron', { value: version, configurable: true, enumerable: true });
}
afterEach(() => {
  delete (process.versions as Record<string, string | undefined>).electron;
});

describe('which better-sqlite3 binding a process loads', () => {
  it('under Node: the build in node_modules (no nativeBinding)', () => {
    expect(process.versions.electron).toBeUndefined();
    expect(sqliteNativeBinding()).toBeUndefined();
    expect(sqliteNativeBinding({ electronVersion: undefined, platform: 'linux', arch: 'x64', root: REPO_ROOT }, () => true)).toBeUndefined();
  });

  it('under Electron from a checkout: the build npm start prepared for that Electron, platform and arch', () => {
    const runtime = { electronVersion: '40.10.2', platform: 'linux' as const, arch: 'x64', root: '/src/filmroom' };
    const expected = path.join('/src/filmroom', 'native', `better-sqlite3-${SQLITE_VERSION}-electron-40.10.2-linux-x64`, 'better_sqlite3.node');
    expect(electronBindingPath(runtime, SQLITE_VERSION)).toBe(expected);
    expect(sqliteNativeBinding({ ...runtime, root: REPO_ROOT }, (file) => file.includes('electron-40.10.2-linux-x64'))).toBe(
      path.join(REPO_ROOT, 'native', `better-sqlite3-${SQLITE_VERSION}-electron-40.10.2-linux-x64`, 'better_sqlite3.node'),
    );
  });

  it('under Electron without that build: a clear error that says npm start prepares it', () => {
    const runtime = { electronVersion: '40.10.2', platform: 'linux' as const, arch: 'x64', root: REPO_ROOT };
    expect(() => sqliteNativeBinding(runtime, () => false)).toThrow(LibraryAccessError);
    expect(() => sqliteNativeBinding(runtime, () => false)).toThrow(/no build for Electron 40\.10\.2.*npm start/);
  });

  it('in a packaged app: node_modules’ own copy, which electron-builder rebuilt for Electron', () => {
    const root = path.join('/opt', 'Film Room', 'resources', 'app.asar');
    expect(isPackaged(root)).toBe(true);
    expect(isPackaged(REPO_ROOT)).toBe(false);
    expect(sqliteNativeBinding({ electronVersion: '40.10.2', platform: 'linux', arch: 'x64', root }, () => false)).toBeUndefined();
  });

  it('openLibrary in a simulated Electron process asks for the Electron build, never the Node one', () => {
    const dir = tempDir();
    simulateElectron('99.0.0-test');
    // No build for this Electron exists in native/: openLibrary refuses in words instead of loading
    // node_modules' Node build (which real Electron would reject with an ABI error).
    expect(() => openLibrary(path.join(dir, 'lib.db'))).toThrow(/no build for Electron 99\.0\.0-test/);
  });

  it('the chosen file is what better-sqlite3 loads (the Node build standing in for Electron’s)', () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'filmroom' }));
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
    const runtime = { electronVersion: '40.10.2', platform: process.platform, arch: process.arch, root };
    const file = electronBindingPath(runtime);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.copyFileSync(NODE_BUILD, file);
    const chosen = sqliteNativeBinding(runtime);
    expect(chosen).toBe(file);
    const db = new BetterSqlite3(':memory:', { nativeBinding: chosen! });
    expect(db.prepare('SELECT 6 * 7 AS n').get()).toEqual({ n: 42 });
    db.close();
    // A wrong file is not silently replaced by the default build.
    expect(() => new BetterSqlite3(':memory:', { nativeBinding: path.join(root, 'package.json') })).toThrow();
  });
});

describe('preparing better-sqlite3 for Electron (npm start)', () => {
  const fakeRoot = () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'filmroom' }));
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
    return root;
  };

  it('offline: no file written, one line that says so', () => {
    const root = fakeRoot();
    const calls: string[][] = [];
    const run: Run = (command, args) => {
      calls.push([command, ...args]);
      return { status: 1, output: 'prebuild-install warn install request to https://github.com/... failed, reason: getaddrinfo ENOTFOUND github.com\n' };
    };
    const result = prepareElectronSqlite({ root, electronVersion: '40.10.2', electronBinary: '/no/electron', run });
    expect(result).toEqual({ ok: false, reason: 'better-sqlite3 for Electron 40.10.2 could not be downloaded or compiled (no network)' });
    expect(result.ok || result.reason.includes('\n')).toBe(false);
    // The prebuilt binary first, for Electron's runtime and version; a compile against Electron's headers next.
    expect(calls[0]).toEqual(expect.arrayContaining(['--runtime', 'electron', '--target', '40.10.2']));
    expect(calls.some((c) => c.includes('--runtime=electron') && c.includes('--target=40.10.2'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'native'))).toBe(false);
    // The Node build in node_modules was never touched.
    expect(fs.existsSync(NODE_BUILD)).toBe(true);
  });

  it('a build already prepared and loading in Electron is kept as it is', () => {
    const root = fakeRoot();
    const file = electronBindingPath({ electronVersion: '40.10.2', platform: process.platform, arch: process.arch, root });
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'prepared earlier');
    const calls: { command: string; env?: NodeJS.ProcessEnv }[] = [];
    const run: Run = (command, _args, options) => (calls.push({ command, env: options.env }), { status: 0, output: '' });
    expect(prepareElectronSqlite({ root, electronVersion: '40.10.2', electronBinary: '/opt/electron/electron', run })).toEqual({ ok: true, file, prepared: false });
    // The only process started is the load check, in Electron's own Node.
    expect(calls).toHaveLength(1);
    expect(calls[0]!.command).toBe('/opt/electron/electron');
    expect(calls[0]!.env?.ELECTRON_RUN_AS_NODE).toBe('1');
  });

  it('says what failed in one line when the failure is not the network', () => {
    expect(failureReason(['gyp ERR! stack Error: not found: make\nmore'], '40.10.2')).toBe('better-sqlite3 for Electron 40.10.2 could not be built (gyp ERR! stack Error: not found: make)');
    expect(failureReason([], '40.10.2')).toMatch(/neither prebuild-install nor node-gyp/);
  });

  it('reads the installed better-sqlite3’s version, which names the prepared folder', () => {
    expect(betterSqliteVersion(REPO_ROOT)).toBe(SQLITE_VERSION);
  });
});

describe('the desktop shell’s start-up decisions', () => {
  it('picks the library: --library, then FILMROOM_LIBRARY, then Electron’s userData folder', () => {
    expect(libraryFlag(['electron', '.', '--library', '/a.db'])).toBe('/a.db');
    expect(libraryFlag(['electron', '.', '--library=/b.db'])).toBe('/b.db');
    expect(desktopLibraryPath(['.', '--library', '/a.db'], { FILMROOM_LIBRARY: '/env.db' }, '/user')).toBe(path.resolve('/a.db'));
    expect(desktopLibraryPath(['.'], { FILMROOM_LIBRARY: '/env.db' }, '/user')).toBe(path.resolve('/env.db'));
    expect(desktopLibraryPath(['.'], {}, '/user/data')).toBe(path.join('/user/data', 'library.filmroom.db'));
  });

  it('starts the built services host, and only built worker entries for it', () => {
    expect(servicesHostEntry('/app')).toBe(path.join('/app', 'dist', 'main', 'services-host.cjs'));
    expect(isWorkerEntry('/app/dist/main/worker.js', '/app')).toBe(true);
    expect(isWorkerEntry('/app/dist/main/worker/entry.js', '/app')).toBe(true);
    for (const foreign of ['/app/dist/main/worker/../cli.js', '/app/dist/main/workers-evil/entry.js', '/app/dist/main/sub/worker.js', '/app/dist/worker.js', '/tmp/entry.js', '/app/dist/main/worker/notes.txt']) {
      expect(isWorkerEntry(foreign, '/app'), foreign).toBe(false);
    }
  });
});

describe('onnxruntime-node loads in Electron as it is', () => {
  it('its binding is an N-API addon: it imports napi_* functions and no V8 or node:: symbols (unlike better-sqlite3)', () => {
    const ort = path.dirname(require.resolve('onnxruntime-node/package.json'));
    const folder = path.join(ort, 'bin');
    const napi = fs.readdirSync(folder).filter((name) => /^napi-v\d+$/.test(name));
    expect(napi.length).toBeGreaterThan(0);
    const binding = path.join(folder, napi[0]!, process.platform, process.arch, 'onnxruntime_binding.node');
    const bytes = fs.readFileSync(binding);
    expect(bytes.includes('napi_create_function')).toBe(true);
    expect(bytes.includes('_ZN2v8')).toBe(false);
    expect(bytes.includes('_ZN4node')).toBe(false);
    // The check can tell: better-sqlite3's binding is built against V8 itself.
    expect(fs.readFileSync(NODE_BUILD).includes('_ZN2v8')).toBe(true);
  });
});
