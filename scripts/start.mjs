// `npm start`: the desktop app when Electron can run here, else browser mode with one line saying why.
// Electron's binary is fetched at install (or, when the install skipped it, here on first start), and
// better-sqlite3 is prepared for Electron's ABI into native/ (the Node build in node_modules stays
// for the CLI and the tests). Where either cannot happen (offline, no display), the same app is
// served on 127.0.0.1 and opened in a browser.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { electronBinary, electronVersion, hasDisplay } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const passThrough = process.argv.slice(2);

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
  const version = electronVersion(root);
  const result = prepareElectronSqlite({ root, electronVersion: version, electronBinary: electronPath });
  if (result.ok && result.prepared) console.error(`Prepared better-sqlite3 for Electron ${version} (${result.file}).`);
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

const electron = electronBinary(root);
if (!electron.path) {
  serveInBrowser(electron.reason);
} else if (!hasDisplay()) {
  serveInBrowser('there is no display to open its window on');
} else {
  const sqlite = await prepareSqlite(electron.path);
  if (!sqlite.ok) serveInBrowser(sqlite.reason);
  else startElectron(electron.path);
}
