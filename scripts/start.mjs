// `npm start`: the desktop app when Electron can run here, else browser mode with one line saying why.
// Electron's binary is fetched at install (or, when the install skipped it, here on first start), and
// better-sqlite3 is prepared for Electron's ABI into native/ (the Node build in node_modules stays
// for the CLI and the tests). Where either cannot happen (offline, no display), the same app is
// served on 127.0.0.1 and opened in a browser.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const passThrough = process.argv.slice(2);
const NETWORK = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|getaddrinfo/;

function resolveElectron() {
  return spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: root, encoding: 'utf8' });
}

function electronBinary() {
  // Resolving 'electron' gives its binary's path once the binary is there. An install with
  // ELECTRON_SKIP_BINARY_DOWNLOAD (offline machines) has none yet: download it now, in a child, so
  // a failed download is a message we can summarise, not a crash.
  let result = resolveElectron();
  let output = `${result.stderr ?? ''}${result.stdout ?? ''}`;
  if (result.status !== 0 && /failed to install correctly/.test(output)) {
    const env = { ...process.env };
    delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    const install = spawnSync(process.execPath, [`${root}node_modules/electron/install.js`], { cwd: root, encoding: 'utf8', env, timeout: 10 * 60 * 1000 });
    output = `${install.stderr ?? ''}${install.stdout ?? ''}`;
    if (install.status === 0) {
      result = resolveElectron();
      output = `${result.stderr ?? ''}${result.stdout ?? ''}`;
    }
  }
  if (result.status === 0 && result.stdout && fs.existsSync(result.stdout)) return { path: result.stdout };
  const reason = NETWORK.test(output) ? 'its binary could not be downloaded' : (output.match(/Error: (.*)/)?.[1] ?? 'its binary is missing');
  return { reason };
}

function serveInBrowser(reason) {
  console.error(`Electron could not start (${reason}); serving Film Room in browser mode instead.`);
  const child = spawn(process.execPath, [`${root}bin/filmroom.js`, 'serve', '--open', ...passThrough], { stdio: 'inherit' });
  forwardSignals(child);
  child.on('exit', (code) => process.exit(code ?? 0));
}

function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}

async function prepareSqlite(electronPath) {
  const { prepareElectronSqlite } = await import('../dist/main/prepare-native.js');
  const electronVersion = JSON.parse(fs.readFileSync(`${root}node_modules/electron/package.json`, 'utf8')).version;
  const result = prepareElectronSqlite({ root, electronVersion, electronBinary: electronPath });
  if (result.ok && result.prepared) console.error(`Prepared better-sqlite3 for Electron ${electronVersion} (${result.file}).`);
  return result;
}

function startElectron(electronPath) {
  const started = Date.now();
  const child = spawn(electronPath, [root, ...passThrough], { stdio: ['inherit', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    process.stderr.write(chunk);
  });
  forwardSignals(child);
  child.on('exit', (code) => {
    // A crash in the first seconds means Electron itself cannot run here (missing libraries, GPU).
    if (code !== 0 && Date.now() - started < 15_000) serveInBrowser(stderr.trim().split('\n').at(-1) || `it exited with code ${code}`);
    else process.exit(code ?? 0);
  });
}

const electron = electronBinary();
if (!electron.path) {
  serveInBrowser(electron.reason);
} else if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  serveInBrowser('there is no display to open its window on');
} else {
  const sqlite = await prepareSqlite(electron.path);
  if (!sqlite.ok) serveInBrowser(sqlite.reason);
  else startElectron(electron.path);
}
