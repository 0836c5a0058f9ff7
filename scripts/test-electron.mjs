// `npm run test:electron`: the desktop app itself, driven by Playwright's _electron, on a temporary
// library (test/electron/). Where no Electron binary can be had (offline, no display), it says so in
// ONE line and exits 0: these build machines cannot download Electron, and CI calls this after `npm test`.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { electronBinary, electronVersion, hasDisplay } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

function skip(reason) {
  console.log(`test:electron skipped: ${reason}.`);
  process.exit(0);
}

const electron = electronBinary(root);
if (!electron.path) skip(`Electron ${electronVersion(root)} cannot run here (${electron.reason})`);
// No display on Linux: run under a virtual one where xvfb-run exists, else skip.
const wrapper = hasDisplay() ? [] : spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' }).status === 0 ? ['xvfb-run', '-a'] : undefined;
if (!wrapper) skip('there is no display (set DISPLAY, or install xvfb-run)');

const build = spawnSync('npm', ['run', 'build', '--silent', '--', '--quiet'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const { prepareElectronSqlite } = await import('../dist/main/prepare-native.js');
const sqlite = prepareElectronSqlite({ root, electronVersion: electronVersion(root), electronBinary: electron.path });
if (!sqlite.ok) skip(`better-sqlite3 could not be prepared for Electron (${sqlite.reason})`);

const vitest = [process.execPath, `${root}node_modules/vitest/vitest.mjs`, 'run', '--config', 'vitest.electron.config.ts'];
const [command, ...args] = [...wrapper, ...vitest];
const run = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FILMROOM_ELECTRON_BINARY: electron.path } });
process.exit(run.status ?? 1);
